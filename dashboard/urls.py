"""The dashboard's URLs, mounted at /dashboard/ (see config/urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path, re_path, reverse_lazy

from . import orders, views
from .forms import ThrottledLoginForm

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="dashboard/login.html", next_page=reverse_lazy("dashboard:home"), authentication_form=ThrottledLoginForm
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("dashboard:login")), name="logout"),
    path("imports/", views.import_list, name="imports"),
    path("imports/new/", views.import_new, name="import_new"),
    path("imports/mappings/", views.mapping_list, name="mappings"),
    path("imports/mappings/new/", views.mapping_edit, name="mapping_new"),
    path("imports/mappings/<slug:name>/", views.mapping_edit, name="mapping"),
    path("imports/mappings/<slug:name>/delete/", views.mapping_delete, name="mapping_delete"),
    path("imports/<uuid:job_id>/", views.import_detail, name="import"),
    path("imports/<uuid:job_id>/progress/", views.import_progress, name="import_progress"),
    re_path(
        r"^imports/(?P<job_id>[0-9a-f-]{36})/report\.(?P<fmt>json|xlsx)$", views.import_report, name="import_report"
    ),
    path("imports/<uuid:job_id>/apply/", views.import_apply, name="import_apply"),
    # The order desk (dashboard/orders.py): every change goes through commerce.order.actions.
    path("orders/", orders.order_list, name="orders"),
    path("orders/<int:number>/", orders.order_detail, name="order"),
    path("orders/<int:number>/confirm/", orders.order_confirm, name="order_confirm"),
    path("orders/<int:number>/fulfil/", orders.order_fulfil, name="order_fulfil"),
    path("orders/<int:number>/cancel/", orders.order_cancel, name="order_cancel"),
    path("orders/<int:number>/mark-paid/", orders.order_mark_paid, name="order_mark_paid"),
    path("orders/<int:number>/fulfillments/<int:fulfillment_id>/tracking/", orders.fulfillment_tracking,
         name="fulfillment_tracking"),
    path("orders/<int:number>/fulfillments/<int:fulfillment_id>/cancel/", orders.fulfillment_cancel,
         name="fulfillment_cancel"),
    path("orders/<int:number>/slip/", orders.order_slip, name="order_slip"),
    path("orders/<int:number>/label/", orders.order_label, name="order_label"),
    path("pickup/", orders.pickup_desk, name="pickup"),
]

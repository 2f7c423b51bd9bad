from django.apps import AppConfig


class WebhookConfig(AppConfig):
    name = "commerce.webhook"
    label = "webhook"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .actions import forget_subscribers
        from .models import Webhook

        def forget(**kwargs):
            forget_subscribers()

        post_save.connect(forget, sender=Webhook, weak=False, dispatch_uid="webhook-forget-saved")
        post_delete.connect(forget, sender=Webhook, weak=False, dispatch_uid="webhook-forget-deleted")
        m2m_changed.connect(forget, sender=Webhook.channels.through, weak=False, dispatch_uid="webhook-forget-channels")

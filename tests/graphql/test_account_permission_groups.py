"""Staff permission groups (Django's auth.Group) through Saleor's API:
`permissionGroups`, `permissionGroupCreate`, `permissionGroupUpdate`, with
`restrictedAccessToChannels` and channels. Saleor's rule: a staff member can
give only the permissions and channels they have themselves."""

import pytest

from commerce.graphql.core.ids import to_global_id
from tests import factories
from tests.account.support import make_group, make_group_staff
from tests.graphql.conftest import permission_error

GROUP_FIELDS = """
  id name restrictedAccessToChannels userCanManage
  permissions { code name }
  accessibleChannels { slug }
  users { email }
"""
GROUPS = f"{{ permissionGroups(first: 10, sortBy: {{field: NAME, direction: ASC}}) {{ totalCount edges {{ node {{ {GROUP_FIELDS} }} }} }} }}"
CREATE = f"""
mutation Create($input: PermissionGroupCreateInput!) {{
  permissionGroupCreate(input: $input) {{
    group {{ {GROUP_FIELDS} }}
    errors {{ field message code permissions users channels }}
  }}
}}
"""
UPDATE = f"""
mutation Update($id: ID!, $input: PermissionGroupUpdateInput!) {{
  permissionGroupUpdate(id: $id, input: $input) {{
    group {{ {GROUP_FIELDS} }}
    errors {{ field message code permissions users channels }}
  }}
}}
"""


def gid(kind, row):
    return to_global_id(kind, row.pk)


@pytest.fixture
def hanoi(db):
    return factories.make_channel("bat-trang", name="Trung tâm Bát Tràng")


@pytest.fixture
def van_phuc(db):
    return factories.make_channel("van-phuc", name="Trung tâm Vạn Phúc")


def test_permission_groups_need_manage_staff(api):
    make_group("Kho")
    assert permission_error(api.errors(GROUPS))
    api.login(factories.make_staff("MANAGE_PRODUCTS"))
    assert permission_error(api.errors(GROUPS))


def test_list_groups_with_permissions_channels_and_users(api, hanoi):
    member = factories.make_staff(email="a@ocop.test")
    make_group("Bát Tràng", "MANAGE_PRODUCTS", channels=[hanoi], users=[member])
    make_group("Quản trị", "MANAGE_STAFF")
    api.login(factories.make_staff("MANAGE_STAFF", "MANAGE_PRODUCTS"))
    groups = api.data(GROUPS)["permissionGroups"]
    assert groups["totalCount"] == 2
    first, second = (edge["node"] for edge in groups["edges"])
    assert first["name"] == "Bát Tràng" and first["restrictedAccessToChannels"] is True
    assert first["permissions"] == [{"code": "MANAGE_PRODUCTS", "name": "Manage products."}]
    assert first["accessibleChannels"] == [{"slug": "bat-trang"}] and first["users"] == [{"email": "a@ocop.test"}]
    assert first["userCanManage"] is True
    assert second["restrictedAccessToChannels"] is False and second["accessibleChannels"] == [{"slug": "bat-trang"}]


def test_create_a_group_restricted_to_a_channel(api, hanoi):
    member = factories.make_staff(email="a@ocop.test")
    api.login(factories.make_staff("MANAGE_STAFF", "MANAGE_PRODUCTS"))
    result = api.data(CREATE, {"input": {
        "name": "Nhân viên Bát Tràng",
        "addPermissions": ["MANAGE_PRODUCTS"],
        "addUsers": [gid("User", member)],
        "addChannels": [gid("Channel", hanoi)],
        "restrictedAccessToChannels": True,
    }})["permissionGroupCreate"]
    assert result["errors"] == []
    group = result["group"]
    assert group["permissions"] == [{"code": "MANAGE_PRODUCTS", "name": "Manage products."}]
    assert group["accessibleChannels"] == [{"slug": "bat-trang"}] and group["users"] == [{"email": "a@ocop.test"}]
    assert member.has_perm("product.manage_products")


def test_a_permission_one_lacks_cannot_be_granted(api):
    api.login(factories.make_staff("MANAGE_STAFF"))
    result = api.data(CREATE, {"input": {"name": "Sản phẩm", "addPermissions": ["MANAGE_PRODUCTS", "MANAGE_STAFF"]}})
    [error] = result["permissionGroupCreate"]["errors"]
    assert error["code"] == "OUT_OF_SCOPE_PERMISSION" and error["field"] == "addPermissions"
    assert error["permissions"] == ["MANAGE_PRODUCTS"]


def test_only_staff_can_be_added(api):
    customer = factories.make_customer()
    api.login(factories.make_staff("MANAGE_STAFF"))
    result = api.data(CREATE, {"input": {"name": "Kho", "addUsers": [gid("User", customer)]}})
    [error] = result["permissionGroupCreate"]["errors"]
    assert error["code"] == "ASSIGN_NON_STAFF_MEMBER" and error["users"] == [gid("User", customer)]


def test_names_are_unique(api):
    make_group("Kho")
    api.login(factories.make_staff("MANAGE_STAFF"))
    assert api.data(CREATE, {"input": {"name": "kho"}})["permissionGroupCreate"]["errors"][0]["code"] == "UNIQUE"


def test_restricted_staff_grant_only_their_channels(api, hanoi, van_phuc):
    managers = make_group("Quản lý Bát Tràng", "MANAGE_STAFF", "MANAGE_PRODUCTS", channels=[hanoi])
    api.login(make_group_staff(managers))
    outside = api.data(CREATE, {"input": {
        "name": "Vạn Phúc", "restrictedAccessToChannels": True, "addChannels": [gid("Channel", van_phuc)],
    }})["permissionGroupCreate"]["errors"]
    assert [(e["code"], e["field"], e["channels"]) for e in outside] == [
        ("OUT_OF_SCOPE_CHANNEL", "addChannels", [gid("Channel", van_phuc)])
    ]
    everywhere = api.data(CREATE, {"input": {"name": "Toàn bộ"}})["permissionGroupCreate"]["errors"]
    assert [(e["code"], e["field"]) for e in everywhere] == [("OUT_OF_SCOPE_CHANNEL", "restrictedAccessToChannels")]
    inside = api.data(CREATE, {"input": {
        "name": "Bán hàng Bát Tràng", "addPermissions": ["MANAGE_PRODUCTS"],
        "restrictedAccessToChannels": True, "addChannels": [gid("Channel", hanoi)],
    }})["permissionGroupCreate"]
    assert inside["errors"] == [] and inside["group"]["accessibleChannels"] == [{"slug": "bat-trang"}]


def test_update_adds_and_removes(api, hanoi, van_phuc):
    a, b = factories.make_staff(email="a@ocop.test"), factories.make_staff(email="b@ocop.test")
    group = make_group("Kho", "MANAGE_PRODUCTS", channels=[hanoi], users=[a])
    api.login(factories.make_staff("MANAGE_STAFF", "MANAGE_PRODUCTS", "MANAGE_WAREHOUSES"))
    result = api.data(UPDATE, {"id": gid("Group", group), "input": {
        "name": "Kho hàng",
        "addPermissions": ["MANAGE_WAREHOUSES"], "removePermissions": ["MANAGE_PRODUCTS"],
        "addUsers": [gid("User", b)], "removeUsers": [gid("User", a)],
        "addChannels": [gid("Channel", van_phuc)], "removeChannels": [gid("Channel", hanoi)],
    }})["permissionGroupUpdate"]
    assert result["errors"] == []
    assert result["group"]["name"] == "Kho hàng"
    assert result["group"]["permissions"] == [{"code": "MANAGE_WAREHOUSES", "name": "Manage warehouses."}]
    assert result["group"]["users"] == [{"email": "b@ocop.test"}]
    assert result["group"]["accessibleChannels"] == [{"slug": "van-phuc"}]
    lifted = api.data(UPDATE, {"id": gid("Group", group), "input": {"restrictedAccessToChannels": False}})
    assert lifted["permissionGroupUpdate"]["group"]["restrictedAccessToChannels"] is False


def test_the_same_item_cannot_be_added_and_removed(api):
    group = make_group("Kho")
    api.login(factories.make_staff("MANAGE_STAFF", "MANAGE_PRODUCTS"))
    errors = api.data(UPDATE, {"id": gid("Group", group), "input": {
        "addPermissions": ["MANAGE_PRODUCTS"], "removePermissions": ["MANAGE_PRODUCTS"],
    }})["permissionGroupUpdate"]["errors"]
    assert [(e["code"], e["permissions"]) for e in errors] == [("DUPLICATED_INPUT_ITEM", ["MANAGE_PRODUCTS"])]


def test_a_group_with_more_permissions_cannot_be_changed(api):
    group = make_group("Quản trị", "MANAGE_STAFF", "MANAGE_CHANNELS")
    api.login(factories.make_staff("MANAGE_STAFF"))
    result = api.data(UPDATE, {"id": gid("Group", group), "input": {"name": "Của tôi"}})["permissionGroupUpdate"]
    assert result["errors"][0]["code"] == "OUT_OF_SCOPE_PERMISSION" and result["group"] is None


def test_me_shows_groups_and_channel_reach(api, hanoi):
    group = make_group("Bát Tràng", "MANAGE_PRODUCTS", channels=[hanoi])
    api.login(make_group_staff(group))
    me = api.data("{ me { isStaff restrictedAccessToChannels accessibleChannels { slug } permissionGroups { name } userPermissions { code } } }")["me"]
    assert me == {
        "isStaff": True, "restrictedAccessToChannels": True, "accessibleChannels": [{"slug": "bat-trang"}],
        "permissionGroups": [{"name": "Bát Tràng"}], "userPermissions": [{"code": "MANAGE_PRODUCTS"}],
    }

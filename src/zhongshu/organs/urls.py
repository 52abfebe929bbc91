"""Pages of the organs app under /organs/ (namespace ``organs``)."""

from django.urls import path

from zhongshu.organs.views import business, imports, organs, people, security

app_name = "organs"

urlpatterns = [
    # 系统管理员: the organ tree and departments
    path("", organs.organ_list, name="organ_list"),
    path("new/", organs.organ_create, name="organ_create"),
    path("<int:pk>/", organs.organ_detail, name="organ_detail"),
    path("<int:pk>/edit/", organs.organ_edit, name="organ_edit"),
    path("<int:pk>/deactivate/", organs.organ_deactivate, name="organ_deactivate"),
    path("<int:pk>/activate/", organs.organ_activate, name="organ_activate"),
    path("<int:pk>/merge/", organs.organ_merge, name="organ_merge"),
    path("<int:pk>/dissolve/", organs.organ_dissolve, name="organ_dissolve"),
    path("<int:organ_pk>/departments/new/", organs.department_create, name="department_create"),
    path("departments/<int:pk>/", organs.department_detail, name="department_detail"),
    path("departments/<int:pk>/edit/", organs.department_edit, name="department_edit"),
    path("departments/<int:pk>/activate/", organs.department_activate, name="department_activate"),
    path(
        "departments/<int:pk>/deactivate/",
        organs.department_deactivate,
        name="department_deactivate",
    ),
    # 系统管理员: people, posts, rotation, import
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:pk>/deactivate/", people.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/activate/", people.person_activate, name="person_activate"),
    path("people/<int:pk>/unlock/", people.person_unlock, name="person_unlock"),
    path("people/<int:pk>/password/", people.person_password, name="person_password"),
    path("departments/<int:department_pk>/posts/new/", people.post_create, name="post_create"),
    path("posts/<int:pk>/edit/", people.post_edit, name="post_edit"),
    path("posts/<int:pk>/holder/", people.post_holder, name="post_holder"),
    path("posts/<int:pk>/deactivate/", people.post_deactivate, name="post_deactivate"),
    path("rotation/", people.rotation_create, name="rotation_create"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("export.xlsx", imports.export_workbook, name="export_workbook"),
    # 安全管理员: roles and clearances
    path("posts/", security.post_list, name="post_list"),
    path("posts/<int:pk>/roles/", security.post_roles, name="post_roles"),
    path("clearances/", security.clearance_list, name="clearance_list"),
    path("clearances/<int:pk>/", security.person_clearance, name="person_clearance"),
    # business users
    path("delegations/", business.delegation_list, name="delegation_list"),
    path("delegations/new/", business.delegation_create, name="delegation_create"),
    path("delegations/<int:pk>/", business.delegation_detail, name="delegation_detail"),
    path("delegations/<int:pk>/revoke/", business.delegation_revoke, name="delegation_revoke"),
    path("address-book/", business.address_book, name="address_book"),
    path("address-book/<int:pk>/", business.person_card, name="person_card"),
]

"""The organs pages through HTTP: what they show and what they change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.organs.factories import OrganFactory, PostFactory, UserFactory
from tests.security.corpus import png as seal_png
from zhongshu.accounts.models import User
from zhongshu.audit.models import AuditEvent
from zhongshu.organs.models import Department, Organ, Post, Role


def test_the_organ_list_searches_by_code_and_filters_by_kind(
    client, system_admin, organ_a, organ_b
):
    client.force_login(system_admin)
    page = client.get(reverse("organs:organ_list"), {"q": "乙政"}).content.decode()
    assert "乙县人民政府" in page and "甲市人民政府" not in page
    page = client.get(
        reverse("organs:organ_list"), {"kind": Organ.Kind.GOVERNMENT}
    ).content.decode()
    assert "甲市人民政府" in page and "乙县人民政府" not in page


def test_the_organ_list_answers_htmx_with_rows_only(client, system_admin, organ_a):
    client.force_login(system_admin)
    response = client.get(reverse("organs:organ_list"), {"q": "甲"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "甲市人民政府" in body
    assert "<html" not in body


def test_the_organ_list_shows_children_under_their_parent(client, system_admin, organ_a):
    OrganFactory(name="甲市教育局", parent=organ_a)
    client.force_login(system_admin)
    page = client.get(reverse("organs:organ_list")).content.decode()
    assert page.index("甲市人民政府") < page.index("甲市教育局")


def test_the_organ_list_query_count_does_not_grow_with_the_tree(
    client, system_admin, organ_a, django_assert_max_num_queries
):
    for n in range(15):
        OrganFactory(parent=organ_a, name=f"甲市第{n}局")
    client.force_login(system_admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organs:organ_list")).status_code == 200


def test_creating_an_organ_through_the_page(client, system_admin, organ_a):
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:organ_create"),
        {
            "name": "甲市审计局",
            "short_name": "甲市审计局",
            "org_code": "甲审",
            "kind": "department",
            "parent": organ_a.pk,
            "sort_order": 3,
        },
    )
    organ = Organ.objects.get(name="甲市审计局")
    assert response.status_code == 302
    assert response["Location"] == reverse("organs:organ_detail", args=[organ.pk])
    assert organ.parent == organ_a and organ.sort_order == 3


def test_a_duplicate_organ_shows_a_chinese_error_and_writes_nothing(client, system_admin, organ_a):
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:organ_create"),
        {"name": organ_a.name, "short_name": "x", "kind": "department"},
    )
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert Organ.objects.filter(name=organ_a.name).count() == 1


def test_uploading_a_seal_that_is_not_an_image_is_refused(client, system_admin, organ_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(system_admin)
    response = client.post(
        reverse("organs:organ_edit", args=[organ_a.pk]),
        {
            "name": organ_a.name,
            "short_name": "甲府",
            "kind": "government",
            "seal": SimpleUploadedFile("seal.exe", b"MZ"),
        },
    )
    assert response.status_code == 200
    assert "PNG" in response.content.decode()
    organ_a.refresh_from_db()
    assert organ_a.short_name == "甲市政府"


def test_merging_through_the_page_moves_the_departments(
    client, system_admin, organ_a, office_a, organ_b, outsider
):
    client.force_login(system_admin)
    response = client.post(reverse("organs:organ_merge", args=[organ_b.pk]), {"organ": organ_a.pk})
    assert response.status_code == 302
    organ_b.refresh_from_db()
    assert organ_b.merged_into == organ_a
    page = client.get(reverse("organs:organ_detail", args=[organ_a.pk])).content.decode()
    assert "原乙县政府办公室" in page


def test_deactivating_an_organ_in_use_shows_why_not(client, system_admin, organ_a, clerk):
    client.force_login(system_admin)
    response = client.post(reverse("organs:organ_deactivate", args=[organ_a.pk]))
    assert response.status_code == 200
    assert "在岗岗位" in response.content.decode()
    organ_a.refresh_from_db()
    assert organ_a.is_active is True


def test_dissolving_an_empty_organ_through_the_page(client, system_admin):
    organ = OrganFactory()
    client.force_login(system_admin)
    response = client.post(reverse("organs:organ_dissolve", args=[organ.pk]), {"organ": ""})
    assert response.status_code == 302
    organ.refresh_from_db()
    assert organ.dissolved_at is not None


def test_departments_are_created_and_listed_per_organ(client, system_admin, organ_a):
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:department_create", args=[organ_a.pk]), {"name": "督查室", "sort_order": 2}
    )
    assert response.status_code == 302
    dept = Department.objects.get(organ=organ_a, name="督查室")
    page = client.get(reverse("organs:organ_detail", args=[organ_a.pk])).content.decode()
    assert "督查室" in page
    response = client.post(
        reverse("organs:department_edit", args=[dept.pk]), {"name": "督查处", "sort_order": 2}
    )
    dept.refresh_from_db()
    assert dept.name == "督查处"
    client.post(reverse("organs:department_deactivate", args=[dept.pk]))
    dept.refresh_from_db()
    assert dept.is_active is False


def test_people_are_created_without_a_password_and_found_by_organ(client, system_admin, clerk):
    client.force_login(system_admin)
    form = client.get(reverse("organs:person_create")).content.decode()
    assert 'type="password"' not in form and "激活码" in form
    response = client.post(
        reverse("organs:person_create"),
        {"username": "sunli", "full_name": "孙立", "phone": "123", "password": "Chushi-Mima-2026"},
    )
    assert response.status_code == 302
    person = User.objects.get(username="sunli")
    assert person.has_usable_password() is False  # the password field is not even read
    rows = {"HTTP_HX_REQUEST": "true"}  # the rows only (the page also shows the flash message)
    page = client.get(reverse("organs:person_list"), {"q": "甲市政府"}, **rows).content.decode()
    assert "张文书" in page and "孙立" not in page  # 孙立 holds no post yet
    page = client.get(reverse("organs:person_list"), {"q": "sunli"}, **rows).content.decode()
    assert "孙立" in page


def test_editing_resetting_and_deactivating_a_person(client, system_admin):
    person = UserFactory(full_name="钱多")
    client.force_login(system_admin)
    client.post(
        reverse("organs:person_edit", args=[person.pk]),
        {"username": person.username, "full_name": "钱少", "phone": ""},
    )
    reset_page = client.get(reverse("organs:person_password", args=[person.pk])).content.decode()
    assert "一次性设置码" in reset_page and 'type="password"' not in reset_page
    client.post(reverse("organs:person_password", args=[person.pk]), {"password": "Xin-Mima-2026!"})
    client.post(reverse("organs:person_deactivate", args=[person.pk]))
    person.refresh_from_db()
    assert person.full_name == "钱少"
    assert person.check_password("Xin-Mima-2026!") is False
    assert person.has_usable_password() is False
    assert person.is_active is False
    actions = list(
        AuditEvent.objects.filter(object_id=str(person.pk), action__startswith="organs.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "organs.person_update",
        "organs.person_reset_password",
        "organs.person_deactivate",
    ]


def test_posts_are_created_in_a_department_and_given_a_holder(
    client, system_admin, office_a, director
):
    person = UserFactory(full_name="新秘书")
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:post_create", args=[office_a.pk]),
        {"title": "秘书", "reports_to": director.posts.get().pk, "holder": "", "sort_order": 5},
    )
    assert response.status_code == 302
    post = Post.objects.get(title="秘书")
    assert post.holder is None and post.reports_to == director.posts.get()
    client.post(reverse("organs:post_holder", args=[post.pk]), {"holder": person.pk})
    client.post(
        reverse("organs:post_edit", args=[post.pk]),
        {"title": "机要秘书", "reports_to": director.posts.get().pk, "sort_order": 5},
    )
    post.refresh_from_db()
    assert post.holder == person and post.title == "机要秘书"
    page = client.get(reverse("organs:department_detail", args=[office_a.pk])).content.decode()
    assert "机要秘书" in page and "新秘书" in page


def test_the_security_admin_confirms_pending_roles_on_the_post_list(
    client, security_admin, office_a
):
    post = PostFactory(department=office_a, title="收发员", pending_roles=[Role.CLERK])
    client.force_login(security_admin)
    page = client.get(reverse("organs:post_list"), {"pending": "1"}).content.decode()
    assert "收发员" in page and "待确认" in page
    response = client.post(
        reverse("organs:post_roles", args=[post.pk]), {"roles": [Role.CLERK, Role.DRAFTER]}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.pending_roles == []
    assert set(post.roles.values_list("role", flat=True)) == {Role.CLERK, Role.DRAFTER}
    page = client.get(reverse("organs:post_list"), {"pending": "1"}).content.decode()
    assert "收发员" not in page


def test_the_security_admin_sets_a_clearance_through_the_page(client, security_admin, clerk):
    client.force_login(security_admin)
    response = client.post(reverse("organs:person_clearance", args=[clerk.pk]), {"clearance": 2})
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert clerk.clearance == 2
    assert "机密" in client.get(reverse("organs:clearance_list")).content.decode()


def test_the_address_book_shows_own_organ_only(client, clerk, director, outsider):
    client.force_login(clerk)
    page = client.get(reverse("organs:address_book")).content.decode()
    assert "李主任" in page and "张文书" in page
    assert "赵外人" not in page and "乙县人民政府" not in page


def test_the_address_book_finds_a_colleague_by_name_and_says_when_none_matches(
    client, clerk, director, outsider
):
    client.force_login(clerk)
    page = client.get(reverse("organs:address_book"), {"q": "李主"}).content.decode()
    assert "李主任</a>" in page and "张文书</a>" not in page
    assert 'value="李主"' in page  # the box keeps what was typed
    page = client.get(reverse("organs:address_book"), {"q": "赵外人"}).content.decode()
    assert "赵外人</a>" not in page  # another organ's people stay out of the search too
    assert "没有找到与“赵外人”相符的人员" in page


def test_the_people_and_post_lists_keep_their_query_counts(
    client, system_admin, security_admin, office_a, django_assert_max_num_queries
):
    for n in range(12):
        PostFactory(department=office_a, title=f"科员{n}", roles=[Role.DRAFTER])
    client.force_login(system_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organs:person_list")).status_code == 200
    client.force_login(security_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organs:post_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organs:clearance_list")).status_code == 200


def test_the_person_form_seats_the_new_person_on_a_vacant_post(
    client, system_admin, office_a, clerk
):
    vacant = PostFactory(department=office_a, title="机要员", holder=None)
    client.force_login(system_admin)
    form = client.get(reverse("organs:person_create")).context["form"]
    assert list(form.fields["post"].queryset) == [vacant]
    response = client.post(
        reverse("organs:person_create"),
        {
            "username": "jiyao",
            "full_name": "纪要",
            "password": "Chushi-Mima-2026",
            "post": vacant.pk,
        },
    )
    assert response.status_code == 302
    vacant.refresh_from_db()
    assert vacant.holder.username == "jiyao"


def test_a_seal_image_is_uploaded_with_the_organ(client, system_admin, organ_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = seal_png()
    client.force_login(system_admin)
    response = client.post(
        reverse("organs:organ_edit", args=[organ_a.pk]),
        {
            "name": organ_a.name,
            "short_name": organ_a.short_name,
            "org_code": "甲政",
            "kind": "government",
            "seal": SimpleUploadedFile("seal.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    organ_a.refresh_from_db()
    assert organ_a.seal.name.startswith("seals/") and organ_a.seal.name.endswith(".png")
    event = AuditEvent.objects.get(action="organs.organ_update")
    assert event.extra["changes"]["seal"]["new"] == organ_a.seal.name


def test_the_people_list_narrows_to_one_organ(client, system_admin, clerk, outsider, organ_b):
    client.force_login(system_admin)
    response = client.get(reverse("organs:person_list"), {"organ": organ_b.pk})
    page = response.content.decode()
    assert "赵外人" in page and "张文书" not in page
    assert response.context["organ"] == organ_b


def test_a_deactivated_person_is_activated_from_the_list(client, system_admin):
    person = UserFactory(full_name="回归者", is_active=False)
    client.force_login(system_admin)
    page = client.get(
        reverse("organs:person_list"), {"q": "回归者"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert reverse("organs:person_activate", args=[person.pk]) in page
    response = client.post(reverse("organs:person_activate", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active is True


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("organs:organ_create", ()),
        ("organs:organ_merge", ("organ",)),
        ("organs:organ_dissolve", ("organ",)),
        ("organs:person_create", ()),
        ("organs:post_create", ("department",)),
        ("organs:rotation_create", ()),
    ],
)
def test_the_administrators_selects_ask_in_words_instead_of_dashes(
    client, system_admin, organ_a, office_a, clerk, url_name, args
):
    ids = {"organ": organ_a.pk, "department": office_a.pk}
    client.force_login(system_admin)
    response = client.get(reverse(url_name, args=[ids[a] for a in args]))
    assert response.status_code == 200
    assert "---------" not in response.content.decode()


def test_the_security_lists_page_by_50_instead_of_hiding_what_lies_past_a_cut(
    client, security_admin, office_a
):
    """GIVEN 60 posts with people WHEN the security administrator pages the post and clearance
    lists THEN page 2 holds the rest and says how many there are (a cut at 500 hid the rest)."""
    for n in range(60):
        PostFactory(department=office_a, title=f"科员{n:02d}", roles=[Role.DRAFTER])
    client.force_login(security_admin)
    for url_name in ("organs:post_list", "organs:clearance_list"):
        first = client.get(reverse(url_name)).content.decode()
        assert "第 1/2 页" in first and "page=2" in first
        second = client.get(reverse(url_name), {"page": 2}).content.decode()
        assert "第 2/2 页" in second
    assert "科员59" in client.get(reverse("organs:post_list"), {"page": 2}).content.decode()

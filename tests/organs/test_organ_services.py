"""The organ tree's services: create, edit, deactivate, merge, dissolve (domain.md §0)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.organs.factories import DepartmentFactory, OrganFactory, PostFactory
from zhongshu.audit.models import AuditEvent
from zhongshu.lib.errors import ApplicationError
from zhongshu.organs import services
from zhongshu.organs.models import Department, Organ, OrganSuccession, Post


def test_system_admin_creates_an_organ_and_the_audit_line_carries_the_new_values(
    system_admin, organ_a
):
    organ = services.organ_create(
        actor=system_admin,
        name="甲市交通运输局",
        short_name="甲市交通局",
        org_code="甲交",
        kind=Organ.Kind.DEPARTMENT,
        parent=organ_a,
    )
    assert organ.parent == organ_a
    event = AuditEvent.objects.get(action="organs.organ_create")
    assert event.actor == system_admin
    assert event.extra["new"]["name"] == "甲市交通运输局"
    assert event.extra["new"]["parent"] == organ_a.pk


@pytest.mark.parametrize("actor_name", ["security_admin", "audit_admin", "principal"])
def test_only_the_system_admin_may_create_organs(request, actor_name):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(PermissionDenied):
        services.organ_create(actor=actor, name="某局", short_name="某局", kind=Organ.Kind.OTHER)
    assert not Organ.objects.filter(name="某局").exists()


def test_a_duplicate_full_name_is_refused_with_a_chinese_message(system_admin, organ_a):
    with pytest.raises(ValidationError) as info:
        services.organ_create(
            actor=system_admin, name=organ_a.name, short_name="重复", kind=Organ.Kind.OTHER
        )
    assert "已存在" in str(info.value)


def test_an_unknown_kind_is_refused(system_admin):
    with pytest.raises(ValidationError):
        services.organ_create(actor=system_admin, name="某局", short_name="某局", kind="planet")


def test_update_records_old_and_new_values(system_admin, organ_a):
    services.organ_update(organ=organ_a, actor=system_admin, short_name="甲府", org_code="甲府办")
    organ_a.refresh_from_db()
    assert organ_a.short_name == "甲府"
    event = AuditEvent.objects.get(action="organs.organ_update")
    assert event.extra["changes"]["short_name"] == {"old": "甲市政府", "new": "甲府"}
    assert event.extra["changes"]["org_code"] == {"old": "甲政", "new": "甲府办"}
    assert "name" not in event.extra["changes"]


def test_a_new_seal_is_audited_by_the_name_it_was_stored_under(
    system_admin, organ_a, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    seal = SimpleUploadedFile("印章.png", b"\x89PNG test seal", content_type="image/png")

    services.organ_update(organ=organ_a, actor=system_admin, seal=seal)

    organ_a.refresh_from_db()
    assert organ_a.seal.name.startswith("seals/")
    event = AuditEvent.objects.get(action="organs.organ_update")
    assert event.extra["changes"] == {"seal": {"old": "", "new": organ_a.seal.name}}


def test_an_edit_that_changes_nothing_is_audited_with_no_changes(system_admin, organ_a):
    services.organ_update(organ=organ_a, actor=system_admin, name=organ_a.name, seal=None)

    event = AuditEvent.objects.get(action="organs.organ_update")
    assert event.extra["changes"] == {}


def test_an_edit_naming_an_unknown_field_writes_nothing(system_admin, organ_a, office_a):
    with pytest.raises(ValueError, match="unknown organ fields"):
        services.organ_update(organ=organ_a, actor=system_admin, name="乙", colour="红")
    with pytest.raises(ValueError, match="unknown department fields"):
        services.department_update(department=office_a, actor=system_admin, organ=None)
    organ_a.refresh_from_db()
    assert organ_a.name != "乙"
    assert not AuditEvent.objects.filter(action__endswith="_update").exists()


def test_an_organ_cannot_be_moved_under_its_own_descendant(system_admin, organ_a):
    child = OrganFactory(parent=organ_a)
    grandchild = OrganFactory(parent=child)
    with pytest.raises(ValidationError, match="下级机关"):
        services.organ_update(organ=organ_a, actor=system_admin, parent=grandchild)
    organ_a.refresh_from_db()
    assert organ_a.parent is None


def test_deactivation_is_refused_while_posts_are_held(system_admin, organ_a, clerk):
    with pytest.raises(ApplicationError, match="在岗岗位"):
        services.organ_deactivate(organ=organ_a, actor=system_admin)
    organ_a.refresh_from_db()
    assert organ_a.is_active is True


def test_an_empty_organ_can_be_deactivated(system_admin):
    organ = OrganFactory()
    services.organ_deactivate(organ=organ, actor=system_admin)
    organ.refresh_from_db()
    assert organ.is_active is False
    assert organ.dissolved_at is None


def test_merge_moves_departments_and_posts_and_renames_clashing_departments(
    system_admin, organ_a, organ_b, office_a, clerk, outsider
):
    """GIVEN organ B with an 办公室 (held by the outsider) and a 财务处, and organ A with 办公室
    WHEN B merges into A
    THEN B is inactive and merged into A, its departments belong to A, the clashing office is
    renamed 原乙县政府办公室 and is no longer an office, posts and holders are kept, nothing is
    deleted, and one succession record and audit line say so."""
    finance = DepartmentFactory(organ=organ_b, name="财务处")
    posts_before = Post.objects.count()
    record = services.organ_merge(source=organ_b, target=organ_a, actor=system_admin)

    organ_b.refresh_from_db()
    assert organ_b.is_active is False
    assert organ_b.merged_into == organ_a
    office_b = outsider.posts.get().department
    assert office_b.organ == organ_a
    assert office_b.name == "原乙县政府办公室"
    assert office_b.is_office is False
    finance.refresh_from_db()
    assert finance.organ == organ_a and finance.name == "财务处"
    assert Post.objects.count() == posts_before
    assert outsider.posts.get().holder == outsider
    assert record.kind == OrganSuccession.Kind.MERGE
    assert record.posts_moved == 1
    assert {m["new_name"] for m in record.moved} == {"原乙县政府办公室", "财务处"}
    event = AuditEvent.objects.get(action="organs.organ_merge")
    assert event.extra["successor"] == organ_a.pk
    assert event.extra["posts_moved"] == 1


def test_merge_runs_the_registered_hooks_with_source_and_target(
    system_admin, organ_a, organ_b, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        services.organs, "ORGAN_MERGE_HOOKS", [lambda s, t: calls.append((s.pk, t.pk))]
    )
    services.organ_merge(source=organ_b, target=organ_a, actor=system_admin)
    assert calls == [(organ_b.pk, organ_a.pk)]


def test_a_failing_hook_undoes_the_whole_merge(system_admin, organ_a, organ_b, outsider):
    def broken(source, target):
        raise RuntimeError("documents could not move")

    services.ORGAN_MERGE_HOOKS.append(broken)
    try:
        with pytest.raises(RuntimeError):
            services.organ_merge(source=organ_b, target=organ_a, actor=system_admin)
    finally:
        services.ORGAN_MERGE_HOOKS.remove(broken)
    organ_b.refresh_from_db()
    assert organ_b.is_active is True
    assert outsider.posts.get().department.organ == organ_b
    assert not OrganSuccession.objects.exists()


def test_merge_moves_active_child_organs_to_the_target(system_admin, organ_a, organ_b):
    child = OrganFactory(parent=organ_b)
    record = services.organ_merge(source=organ_b, target=organ_a, actor=system_admin)
    child.refresh_from_db()
    assert child.parent == organ_a
    assert record.children_moved == 1


def test_merge_into_itself_or_its_descendant_is_refused(system_admin, organ_a):
    child = OrganFactory(parent=organ_a)
    with pytest.raises(ValidationError, match="自身"):
        services.organ_merge(source=organ_a, target=organ_a, actor=system_admin)
    with pytest.raises(ValidationError, match="下级机关"):
        services.organ_merge(source=organ_a, target=child, actor=system_admin)


def test_dissolving_an_organ_in_use_without_a_successor_is_refused(system_admin, organ_b, outsider):
    with pytest.raises(ApplicationError, match="承继机关"):
        services.organ_dissolve(organ=organ_b, actor=system_admin)
    organ_b.refresh_from_db()
    assert organ_b.is_active is True and organ_b.dissolved_at is None


def test_dissolving_an_empty_organ_closes_its_departments_and_keeps_them(system_admin):
    organ = OrganFactory()
    dept = DepartmentFactory(organ=organ)
    vacant = PostFactory(department=dept, holder=None)
    record = services.organ_dissolve(organ=organ, actor=system_admin)
    organ.refresh_from_db()
    dept.refresh_from_db()
    vacant.refresh_from_db()
    assert organ.is_active is False and organ.dissolved_at is not None
    assert dept.is_active is False and vacant.is_active is False
    assert record.successor is None
    assert Department.objects.filter(pk=dept.pk).exists()


def test_dissolving_with_a_successor_moves_everything_like_a_merge(
    system_admin, organ_a, organ_b, outsider
):
    calls = []
    services.ORGAN_MERGE_HOOKS.append(lambda s, t: calls.append((s.pk, t.pk)))
    try:
        record = services.organ_dissolve(organ=organ_b, actor=system_admin, successor=organ_a)
    finally:
        services.ORGAN_MERGE_HOOKS.pop()
    organ_b.refresh_from_db()
    assert organ_b.is_active is False and organ_b.dissolved_at is not None
    assert organ_b.merged_into == organ_a
    assert outsider.posts.get().department.organ == organ_a
    assert record.kind == OrganSuccession.Kind.DISSOLVE
    assert calls == [(organ_b.pk, organ_a.pk)]
    assert AuditEvent.objects.filter(action="organs.organ_dissolve").count() == 1


def test_a_merged_organ_cannot_be_merged_again(system_admin, organ_a, organ_b):
    services.organ_merge(source=organ_b, target=organ_a, actor=system_admin)
    with pytest.raises(ApplicationError):
        services.organ_merge(source=organ_b, target=organ_a, actor=system_admin)


def test_department_rename_clash_is_refused_and_deactivation_needs_no_holders(
    system_admin, organ_a, office_a, clerk
):
    other = services.department_create(actor=system_admin, organ=organ_a, name="综合处")
    with pytest.raises(ValidationError):
        services.department_update(department=other, actor=system_admin, name="办公室")
    with pytest.raises(ApplicationError, match="在岗岗位"):
        services.department_deactivate(department=office_a, actor=system_admin)
    services.department_deactivate(department=other, actor=system_admin)
    other.refresh_from_db()
    assert other.is_active is False
    event = AuditEvent.objects.get(action="organs.department_deactivate")
    assert event.extra["changes"]["is_active"] == {"old": True, "new": False}


def test_a_deactivated_organ_can_be_activated_again_but_not_a_merged_one(
    system_admin, organ_a, organ_b
):
    organ = OrganFactory(parent=organ_a)
    services.organ_deactivate(organ=organ, actor=system_admin)
    services.organ_activate(organ=organ, actor=system_admin)
    organ.refresh_from_db()
    assert organ.is_active is True
    event = AuditEvent.objects.get(action="organs.organ_activate")
    assert event.extra["changes"]["is_active"] == {"old": False, "new": True}
    services.organ_merge(source=organ, target=organ_b, actor=system_admin)
    with pytest.raises(ApplicationError, match="不能重新启用"):
        services.organ_activate(organ=organ, actor=system_admin)


def test_a_child_cannot_be_activated_under_an_inactive_parent(system_admin):
    parent = OrganFactory()
    child = OrganFactory(parent=parent)
    services.organ_deactivate(organ=child, actor=system_admin)
    services.organ_deactivate(organ=parent, actor=system_admin)
    with pytest.raises(ApplicationError, match="上级机关已停用"):
        services.organ_activate(organ=child, actor=system_admin)


def test_a_closed_department_reopens(system_admin, organ_a):
    dept = services.department_create(actor=system_admin, organ=organ_a, name="临时处")
    services.department_deactivate(department=dept, actor=system_admin)
    services.department_activate(department=dept, actor=system_admin)
    dept.refresh_from_db()
    assert dept.is_active is True


def test_closing_and_reopening_a_department_is_audited_with_the_old_and_new_value(
    system_admin, organ_a
):
    dept = services.department_create(actor=system_admin, organ=organ_a, name="临时处")
    post = services.post_create(actor=system_admin, department=dept, title="科员")

    services.department_deactivate(department=dept, actor=system_admin)
    assert dept.is_active is False
    post.refresh_from_db()
    assert post.is_active is False
    services.department_activate(department=dept, actor=system_admin)

    closed = AuditEvent.objects.get(action="organs.department_deactivate")
    reopened = AuditEvent.objects.get(action="organs.department_activate")
    assert closed.extra == {"changes": {"is_active": {"old": True, "new": False}}}
    assert reopened.extra == {"changes": {"is_active": {"old": False, "new": True}}}
    assert closed.organ_id == reopened.organ_id == organ_a.pk

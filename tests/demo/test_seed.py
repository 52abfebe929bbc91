"""The demo city is complete (every role, an office with a clerk in every organ), can be logged
into (every password passes the configured policy), escalates, delegates, and is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from zhongshu.accounts.models import User
from zhongshu.accounts.passwords import ComplexityValidator
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_verify
from zhongshu.demo import data
from zhongshu.demo.services import demo_logins
from zhongshu.flow.models import WorkItem
from zhongshu.organs.models import Organ, Post, PostRole, Role
from zhongshu.organs.selectors import can_act_for, people_with_role, supervisor_of


def test_the_city_has_about_a_hundred_people_and_the_organs_of_a_real_city(city):
    assert 90 <= User.objects.count() <= 110
    assert Organ.objects.filter(kind=Organ.Kind.DEPARTMENT).count() >= 10
    assert Organ.objects.filter(kind=Organ.Kind.DISTRICT).count() == 6
    for kind in (Organ.Kind.PARTY, Organ.Kind.CONGRESS, Organ.Kind.GOVERNMENT, Organ.Kind.CPPCC):
        assert Organ.objects.filter(kind=kind).exists(), kind


def test_units_sit_under_the_city_government_and_districts_under_the_matching_city_organ(city):
    government = Organ.objects.get(short_name="江淮市政府")
    committee = Organ.objects.get(short_name="江淮市委")
    for unit in Organ.objects.filter(kind=Organ.Kind.DEPARTMENT):
        assert unit.parent == government, unit
    for district in Organ.objects.filter(kind=Organ.Kind.DISTRICT):
        expected = committee if district.short_name.endswith("委") else government
        assert district.parent == expected, district


def test_the_office_of_the_city_committee_issues_under_its_own_code(city):
    assert Organ.objects.get(short_name="江淮市委").org_code == "淮发"
    office = Organ.objects.get(short_name="江淮市委办公室")
    assert office.org_code == "淮办发"
    assert office.parent.short_name == "江淮市委"


def test_every_role_is_carried_by_someone(city):
    carried = set(
        PostRole.objects.filter(post__holder__isnull=False).values_list("role", flat=True)
    )
    assert carried == set(Role.values)


def test_every_organ_has_an_office_with_a_clerk(city):
    for organ in Organ.objects.all():
        assert organ.departments.filter(is_office=True).count() == 1, organ
        clerks = people_with_role(organ=organ, role=Role.CLERK).filter(
            posts__department__is_office=True
        )
        assert clerks.exists(), organ


def test_every_organ_office_has_a_director_and_an_archivist(city):
    # Without a director nothing gets past 初审 (nobody may 拟办), and without an archivist a
    # closed 收文 can never be filed. The two general offices keep their files in a 档案处/室 of
    # their own; elsewhere the archivist sits in the 办公室.
    for organ in Organ.objects.all():
        directors = people_with_role(organ=organ, role=Role.OFFICE_DIRECTOR).filter(
            posts__department__organ=organ, posts__department__is_office=True
        )
        assert directors.exists(), organ.short_name
        assert people_with_role(organ=organ, role=Role.ARCHIVIST).exists(), organ.short_name


def test_every_office_director_also_reviews_drafts(city):
    directors = PostRole.objects.filter(role=Role.OFFICE_DIRECTOR, post__holder__isnull=False)
    for row in directors.select_related("post"):
        assert row.post.roles.filter(role=Role.REVIEWER).exists(), row.post


def test_the_demo_password_is_complex_but_refused_as_a_new_choice(city):
    """The demo seeds its hashes directly: its published password meets the complexity rule
    but has the guessable "word@year" shape, so nobody may choose it (issue #10, part 6)."""
    users = User.objects.filter(
        username__in=[p.username for p in data.PEOPLE] + [a.username for a in data.ADMINS]
    )
    assert users.count() == len(data.PEOPLE) + len(data.ADMINS)
    for user in users:
        ComplexityValidator().validate(data.DEMO_PASSWORD, user)
        with pytest.raises(ValidationError, match="单词"):
            validate_password(data.DEMO_PASSWORD, user)
        assert user.must_change_password is False


def test_the_demo_password_logs_in_a_person_and_an_administrator(city):
    for username in (data.FEATURED_USERNAME, "auditadmin"):
        assert User.objects.get(username=username).check_password(data.DEMO_PASSWORD) is True


def test_the_three_administrators_hold_no_posts_and_one_role_each(city):
    admins = User.objects.exclude(admin_role="")
    assert sorted(admins.values_list("admin_role", flat=True)) == ["audit", "security", "system"]
    assert Post.objects.filter(holder__in=admins).exists() is False


def test_usernames_are_easy_to_type(city):
    for username in User.objects.values_list("username", flat=True):
        assert username.isascii() and username.isalpha() and username.islower(), username


def test_escalation_climbs_from_the_clerk_to_the_principal(city):
    clerk = User.objects.get(username="liuyang")
    director = supervisor_of(user=clerk)
    assert director.username == "wangfang"
    chain = [director.username]
    while (boss := supervisor_of(user=User.objects.get(username=chain[-1]))) is not None:
        chain.append(boss.username)
    assert chain == ["wangfang", "zhengyong", "yangfan", "wangzhiyuan"]


def test_every_post_below_a_principal_reports_to_a_seat(city):
    unlinked = (
        Post.objects.filter(reports_to__isnull=True)
        .exclude(roles__role=Role.PRINCIPAL)
        .values_list("title", flat=True)
    )
    assert list(unlinked) == []


def test_each_secretary_may_act_for_their_leader_now(city):
    for spec in data.DELEGATIONS:
        principal = User.objects.get(username=spec.principal)
        delegate = User.objects.get(username=spec.delegate)
        assert can_act_for(delegate=delegate, principal=principal, scope=spec.scope) is True
        assert Role.SECRETARY in delegate.posts.first().roles.values_list("role", flat=True)


def test_the_audit_chain_verifies_after_seeding_and_names_the_created_people(city):
    report = audit_verify()
    assert report.ok is True, report.reason
    created = AuditEvent.objects.filter(action="organs.person_create").count()
    assert created == User.objects.count()


def test_the_login_table_lists_every_account_with_organ_and_role(city):
    lines = {line.username: line for line in demo_logins()}
    assert len(lines) == User.objects.count()
    assert lines["liuyang"].organ == "江淮市政府办公室"
    assert "文书/收发员" in lines["liuyang"].role
    assert lines["auditadmin"].role == "审计管理员"


def test_two_real_documents_wait_for_review_on_the_reviewers_workbench(city):
    from zhongshu.documents.models import OutgoingDocument
    from zhongshu.documents.services._common import document_url
    from zhongshu.gongwen import examples

    for spec in data.DOCUMENTS:
        title = examples.load(spec.example).title.strip()
        document = OutgoingDocument.objects.get(drafter__username=spec.drafter, title=title)
        assert document.status == OutgoingDocument.Status.REVIEW
        assert document.doc_number == ""  # numbered at 登记, not at drafting
        item = WorkItem.objects.get(
            assignee__username=spec.reviewer, title=document.title, state=WorkItem.State.OPEN
        )
        assert item.action == "核稿"
        assert item.url == document_url(document)
    notice = OutgoingDocument.objects.get(
        drafter__username="liuyang", status=OutgoingDocument.Status.REVIEW
    )
    assert notice.title == "江淮市人民政府办公室关于做好2026年元旦春节期间安全生产工作的通知"
    assert notice.organ.short_name == "江淮市政府办公室"

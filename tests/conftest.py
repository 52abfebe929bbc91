"""The shared cast of every permission test (style.md §36).

Organ A (``organ_a``) has an office with a clerk (文书, drafter) and a director (办公室主任,
reports to the principal), and a principal (主要负责人). Organ B has an outsider with every
business role of A's clerk. Plus the three administrators, none holding a post.
"""

from __future__ import annotations

import pytest

from tests.organs.factories import (
    TEST_PASSWORD,
    DepartmentFactory,
    OrganFactory,
    PostFactory,
    UserFactory,
)
from zhongshu.accounts.models import User
from zhongshu.organs.models import Organ, Role


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """argon2 is deliberately slow and most tests log people in; hash with MD5 in tests.

    Argon2 stays in the list so that a hash made by either verifies, whatever order tests run
    in (the factories cache hashes). tests/accounts checks that production uses argon2.
    """
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "zhongshu.accounts.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path):
    """Each test its own audit checkpoint file: the database is rolled back after each test,
    and a checkpoint left by another test (or by a demo run in this checkout's var/) would make
    ``audit_verify`` report the chain as truncated."""
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.log")


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def organ_a(db) -> Organ:
    return OrganFactory(
        name="甲市人民政府", short_name="甲市政府", org_code="甲政", kind=Organ.Kind.GOVERNMENT
    )


@pytest.fixture
def organ_b(db) -> Organ:
    return OrganFactory(
        name="乙县人民政府", short_name="乙县政府", org_code="乙政", kind=Organ.Kind.DISTRICT
    )


@pytest.fixture
def office_a(organ_a):
    return DepartmentFactory(organ=organ_a, name="办公室", is_office=True)


@pytest.fixture
def principal(office_a) -> User:
    post = PostFactory(
        department=office_a, title="市长", holder__full_name="王主要", roles=[Role.PRINCIPAL]
    )
    return post.holder


@pytest.fixture
def director(office_a, principal) -> User:
    post = PostFactory(
        department=office_a,
        title="办公室主任",
        holder__full_name="李主任",
        reports_to=principal.posts.first(),
        roles=[Role.OFFICE_DIRECTOR, Role.REVIEWER],
    )
    return post.holder


@pytest.fixture
def clerk(office_a, director) -> User:
    post = PostFactory(
        department=office_a,
        title="秘书科科员",
        holder__full_name="张文书",
        reports_to=director.posts.first(),
        roles=[Role.CLERK, Role.DRAFTER],
    )
    return post.holder


@pytest.fixture
def outsider(organ_b) -> User:
    office_b = DepartmentFactory(organ=organ_b, name="办公室", is_office=True)
    post = PostFactory(
        department=office_b,
        title="办公室主任",
        holder__full_name="赵外人",
        roles=[Role.CLERK, Role.DRAFTER, Role.OFFICE_DIRECTOR, Role.PRINCIPAL],
    )
    return post.holder


@pytest.fixture
def system_admin(db) -> User:
    return UserFactory(full_name="系统管理员", admin_role=User.AdminRole.SYSTEM)


@pytest.fixture
def security_admin(db) -> User:
    return UserFactory(full_name="安全管理员", admin_role=User.AdminRole.SECURITY)


@pytest.fixture
def audit_admin(db) -> User:
    return UserFactory(full_name="审计管理员", admin_role=User.AdminRole.AUDIT)

"""Factories for organs, departments, posts and people."""

from __future__ import annotations

import functools

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from zhongshu.accounts.models import User
from zhongshu.organs.models import Department, Organ, Post, PostRole

TEST_PASSWORD = "Zs-test-Passw0rd"


class OrganFactory(DjangoModelFactory[Organ]):
    class Meta:
        model = Organ

    name = factory.Sequence(lambda n: f"测试市第{n}局")
    short_name = factory.Sequence(lambda n: f"测{n}局")
    org_code = factory.Sequence(lambda n: f"测{n}")
    kind = Organ.Kind.DEPARTMENT


class DepartmentFactory(DjangoModelFactory[Department]):
    class Meta:
        model = Department

    organ = factory.SubFactory(OrganFactory)
    name = factory.Sequence(lambda n: f"第{n}处")
    is_office = False


@functools.cache
def _password_hash(raw: str) -> str:
    return make_password(raw)


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试人员{n}")
    must_change_password = False
    # A real argon2 hash, computed once per distinct password: hashing for every user made each
    # test that builds the cast take seconds. Pass ``raw_password="..."`` for another password.
    password = factory.LazyAttribute(lambda o: _password_hash(o.raw_password))

    class Params:
        raw_password = TEST_PASSWORD

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PostFactory(DjangoModelFactory[Post]):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    department = factory.SubFactory(DepartmentFactory)
    title = "科员"
    holder = factory.SubFactory(UserFactory)

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create and extracted:
            PostRole.objects.bulk_create([PostRole(post=obj, role=r) for r in extracted])

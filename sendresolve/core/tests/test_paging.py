import pytest
from django.contrib.auth import get_user_model

from sendresolve.core.paging import MAX_PAGE, page_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    User = get_user_model()
    User.objects.bulk_create([User(username=f"user{n:02d}") for n in range(7)])
    return User.objects.order_by("username")


def test_a_page_knows_its_neighbours_without_counting(users, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_of(users, "2", size=3)
    assert [u.username for u in page.object_list] == ["user03", "user04", "user05"]
    assert page.has_previous() and page.has_next() and page.has_other_pages()
    assert (page.previous_page_number(), page.next_page_number()) == (1, 3)


def test_the_last_page_has_no_next(users):
    page = page_of(users, 3, size=3)
    assert [u.username for u in page.object_list] == ["user06"]
    assert not page.has_next()


def test_an_exact_last_page_has_no_next(users):
    assert not page_of(users, 1, size=7).has_next()


@pytest.mark.parametrize("number", [None, "", "0", "-4", "two", "1.5"])
def test_anything_but_a_positive_number_is_the_first_page(users, number):
    page = page_of(users, number, size=3)
    assert page.number == 1 and not page.has_previous()
    assert page.object_list[0].username == "user00"


def test_a_page_past_the_end_is_empty_with_a_way_back(users):
    page = page_of(users, 9, size=3)
    assert page.object_list == [] and page.has_previous() and not page.has_next()


@pytest.mark.parametrize("number", [str(2**63), str(2**64 + 1), 2**70, "9" * 400])
def test_a_page_number_beyond_64_bits_is_the_last_page_allowed(users, number):
    page = page_of(users, number, size=3)
    assert page.number == MAX_PAGE
    assert page.object_list == [] and not page.has_next()


def test_more_digits_than_python_reads_is_the_first_page(users):
    assert page_of(users, "9" * 5000, size=3).number == 1

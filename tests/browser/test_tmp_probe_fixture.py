from tests.factories import PASSWORD, UserFactory


def test_probe(signed_in_page, request):
    user = UserFactory(email="probe@example.test")
    page = signed_in_page(user.email, PASSWORD)
    assert "/login/" not in page.url
    assert request.node.get_closest_marker("browser") is not None

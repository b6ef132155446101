# Placeholder views; replaced by the full handbook.
from django.http import HttpRequest, HttpResponse


def index(request: HttpRequest) -> HttpResponse:
    return HttpResponse("handbook")


def compare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("compare")


def role(request: HttpRequest, role: str) -> HttpResponse:
    return HttpResponse(role)

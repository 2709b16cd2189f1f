from django.urls import path

from . import views

urlpatterns = [
    path("", views.enterprise_search, name="enterprise_search"),
]

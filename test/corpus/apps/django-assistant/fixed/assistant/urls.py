from django.urls import path

from . import views

urlpatterns = [
    path("api/report", views.sales_report),
    path("api/answer", views.answer),
]

from django.http import HttpResponse


def directory(request):
    return HttpResponse("")


def public_detail(request, pk):
    return HttpResponse("")


def staff_list(request):
    return HttpResponse("")


def staff_detail(request, pk):
    return HttpResponse("")

from django.http import HttpResponse


def import_list(request):  # replaced by the imports work
    return HttpResponse("")

"""Portal-wide pages: the home page sends each visitor where their work is."""
from django.shortcuts import redirect


def home(request):
    if request.user.is_authenticated:
        return redirect("institutions:staff_list")
    return redirect("institutions:directory")

"""Pages of filings: the operator's wizard and list, the reviewer's queue and decisions."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def filing_list(request):
    return render(request, "filings/list.html", {"nav": "filings"})

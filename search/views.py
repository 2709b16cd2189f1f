from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse


@login_required
def enterprise_search(request):
    """Placeholder until the engine-backed search page lands: the registry's own search."""
    query = urlencode({"_search": request.GET.get("q", "")})
    return redirect(f"{reverse('registry:enterprise:index')}?{query}")

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django_ratelimit.decorators import ratelimit
from openai import OpenAI

client = OpenAI(api_key=settings.OPENAI_API_KEY, timeout=30.0)

# The model picks a report by name; the SQL is ours and takes parameters.
REPORTS = {
    "revenue_by_region": "SELECT c.region, SUM(o.total) FROM orders o JOIN customers c ON c.id = o.customer GROUP BY c.region",
    "top_customers": "SELECT c.name, SUM(o.total) AS spent FROM orders o JOIN customers c ON c.id = o.customer GROUP BY c.name ORDER BY spent DESC LIMIT %s",
}
TOPICS = {"billing": "billing", "shipping": "shipping and returns"}


@login_required
@ratelimit(key="user", rate="10/m")
def sales_report(request):
    question = str(json.loads(request.body)["question"])[:1000]
    completion = client.chat.completions.create(
        model="gpt-4o",
        max_tokens=20,
        messages=[
            {"role": "system", "content": "Pick the report that answers the question. Reply with one of: revenue_by_region, top_customers."},
            {"role": "user", "content": question},
        ],
    )
    name = completion.choices[0].message.content.strip()
    if name not in REPORTS:
        return JsonResponse({"error": "no matching report"}, status=400)
    with connection.cursor() as cursor:
        cursor.execute(REPORTS[name], [10] if name == "top_customers" else [])
        rows = cursor.fetchall()
    return JsonResponse({"report": name, "rows": rows})


@login_required
@ratelimit(key="user", rate="30/m")
def answer(request):
    topic = TOPICS.get(request.GET.get("topic", "billing"), "billing")
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=500,
        messages=[
            {"role": "system", "content": "You answer questions about " + topic + " for Acme customers."},
            {"role": "user", "content": request.GET.get("q", "")[:2000]},
        ],
    )
    return JsonResponse({"answer": completion.choices[0].message.content})

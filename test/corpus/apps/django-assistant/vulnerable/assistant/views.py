import json

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from openai import OpenAI

client = OpenAI(api_key=settings.OPENAI_API_KEY)

SCHEMA = "orders(id, customer, total, created_at), customers(id, name, region)"


@csrf_exempt
def sales_report(request):
    question = json.loads(request.body)["question"]
    completion = client.chat.completions.create(
        model="gpt-4o",
        max_tokens=300,
        messages=[
            {"role": "system", "content": f"Write one SQLite query for this schema: {SCHEMA}. Reply with SQL only."},
            {"role": "user", "content": question},
        ],
    )
    sql = completion.choices[0].message.content
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return JsonResponse({"sql": sql, "rows": rows})


@csrf_exempt
def answer(request):
    topic = request.GET.get("topic", "billing")
    completion = client.chat.completions.create(
        model="gpt-4o-mini",
        max_tokens=500,
        messages=[
            {"role": "system", "content": "You answer questions about " + topic + " for Acme customers."},
            {"role": "user", "content": request.GET["q"]},
        ],
    )
    return JsonResponse({"answer": completion.choices[0].message.content})

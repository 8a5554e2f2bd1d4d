from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-8f#k2!x@q9z$w7v^m3n&b5c*d1e)r4t(y6u_i0o+p"
DEBUG = True
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "assistant",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "assistant.urls"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}

OPENAI_API_KEY = "sk-proj-Ifw3uaJC1j8ciO2kxuSHYyhakIjwvHU1aq5AuhTwT3BlbkFJGzbNTCKRwU1P6VaWiIUPZJb8IVHkAcS284aatqRE"

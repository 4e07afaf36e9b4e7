"""The API's public face: its root, an OpenAPI schema with French descriptions, and a
documentation page whose scripts and styles are our own static files under the site's CSP."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.urls import reverse


@pytest.mark.django_db
def test_the_root_links_the_schema_and_the_documentation(client):
    body = client.get("/api/v1/").json()
    assert body["schema"].endswith("/api/v1/schema/")
    assert body["documentation"].endswith("/api/v1/documentation/")


@pytest.mark.django_db
def test_the_schema_describes_every_field_in_french(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "API du portail SPSTI"
    assert schema["components"]["securitySchemes"]["jeton"]["scheme"] == "bearer"
    undescribed = [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, spec in component.get("properties", {}).items()
        if not spec.get("description")
    ]
    assert undescribed == []
    hire = schema["components"]["schemas"]["HireRequest"]["properties"]
    assert hire["nir"]["description"].startswith("NIR (numéro de sécurité sociale)")
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert all(op.get("summary") for op in operations)
    # Every authenticated operation documents its French problem+json refusals.
    problem = schema["components"]["schemas"]["Probleme"]["properties"]
    assert problem["detail"]["description"] == "Explication de l'erreur, en français."


@pytest.mark.django_db
def test_the_yaml_schema_parses(client):
    response = client.get(reverse("api:schema"))
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


@pytest.mark.django_db
def test_the_documentation_page_uses_vendored_files_only(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "<h1" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]
    assert "<style" not in html
    assert not re.search(r"<script>(?!</script>)", html)  # no inline script (CSP)
    for path in sources:
        if path.startswith("/static/"):
            assert finders.find(path.removeprefix("/static/")), path
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    # The page's own initialisation script, served apart (no inline script under the CSP).
    script = next(s for s in sources if "script" in s and not s.startswith("/static/"))
    init = client.get(script.replace("&amp;", "&"))
    assert init.status_code == 200
    assert b"SwaggerUIBundle" in init.content

"""The fuzz suite's own machinery: it finds what a page serves, and tries each kind of trouble on
each parameter (a harness that found nothing would pass every page)."""

from tests.fuzz.harness import FAMILIES, form_explicit, parse_page, query_explicit

PAGE = """
<a href="/liste/?page=2&amp;q=x">suite</a>
<form method="get"><input name="q"><select name="equipe"><option value="">Toutes</option>
<option value="3" selected>Nord</option></select></form>
<form method="post" action="/enregistrer/">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="hidden" name="action" value="remove_unit">
  <input type="hidden" name="entry" value="12">
  <input type="number" name="headcount" value="4">
  <input type="radio" name="rating" value="1"><input type="radio" name="rating" value="5" checked>
  <input type="file" name="photo">
  <textarea name="body">Bonjour</textarea>
  <button type="submit" name="go" value="yes">Envoyer</button>
</form>
"""


def test_the_page_scan_finds_links_forms_fields_and_buttons():
    forms, link_params = parse_page(PAGE)
    assert link_params == {"page", "q"}
    search, post = forms
    assert (search.method, sorted(search.fields)) == ("get", ["equipe", "q"])
    assert search.fields["equipe"].default == "3"
    assert (post.method, post.action) == ("post", "/enregistrer/")
    assert "photo" not in post.fields  # files are not fuzzed as text
    assert post.fields["rating"].options == ["1", "5"]
    assert post.fields["rating"].default == "5"
    assert post.fields["body"].default == "Bonjour"
    assert post.buttons == [("go", "yes")]


def test_each_query_parameter_gets_every_family_once():
    examples = query_explicit({"page", "q", "du", "au"})
    for name in ("page", "q", "du", "au"):
        assert sorted(example[name] for example in examples) == sorted(FAMILIES)


def test_form_examples_keep_the_dispatch_field_and_fuzz_free_text_and_hidden_ids():
    [_, post] = parse_page(PAGE)[0]
    examples = form_explicit(post)
    assert all(example["go"] == "yes" for example in examples)
    assert all("csrfmiddlewaretoken" not in example for example in examples)
    assert {example["headcount"] for example in examples} >= set(FAMILIES)
    assert {example["body"] for example in examples} >= set(FAMILIES)
    assert "²" in {example["entry"] for example in examples if example["action"] == "remove_unit"}

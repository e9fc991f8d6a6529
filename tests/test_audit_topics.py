"""Topic lexicons of the creator audit: every language's file is read, its words are found in
captions written in that language, and everyday words are not taken for a topic."""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from disclosure_check.audits.topics import lexicon, topic_words

LANGUAGES = ("de", "en", "es", "fr", "it", "nl", "pt")
TOPICS = {
    "beauty", "fashion", "food", "fitness", "travel", "tech", "gaming", "parenting",
    "finance", "home", "pets", "music", "sport", "health", "cars",
}  # fmt: skip


def _lexicon_files() -> dict[str, dict[str, list[str]]]:
    folder = files("disclosure_check.audits").joinpath("topics")
    out = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text("utf-8"))
            out[data["language"]] = data["topics"]
    return out


def topics_of(caption: str) -> set[str]:
    hits, _tags = topic_words(caption)
    return {topic for topic, _word in hits}


def test_every_language_has_a_lexicon_that_is_read():
    assert set(LANGUAGES) <= set(lexicon().languages)
    assert set(_lexicon_files()) == set(lexicon().languages)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_lexicon_names_the_same_fifteen_topics_with_words_for_each(language):
    topics = _lexicon_files()[language]
    assert set(topics) == TOPICS
    assert all(len(words) >= 2 for words in topics.values()), language


def test_each_lexicon_entry_alone_is_read_as_its_own_topic_only():
    # All lexicons are read for every caption: a word listed under two topics in two languages
    # would silently take the first file's topic, and a phrase's own words must agree with it.
    wrong = [
        (language, term, topic, topics_of(term))
        for language, topics in sorted(_lexicon_files().items())
        for topic, terms in topics.items()
        for term in terms
        if topics_of(term) != {topic}
    ]
    assert wrong == []


CAPTIONS = {
    "de": [
        ("Meine Hautpflege am Abend: erst abschminken, dann Gesichtscreme", {"beauty"}),
        ("Neues Kleid und Turnschuhe für den Sommer", {"fashion"}),
        ("Heute gibt es Kuchen nach Omas Rezept", {"food"}),
        ("Krafttraining im Fitnessstudio, danach Kniebeugen", {"fitness"}),
        ("Endlich Urlaub! Der Flug auf die Insel war kurz", {"travel"}),
        ("Mit dem Welpen beim Tierarzt", {"pets"}),
        ("Samstag Fußball mit der Mannschaft", {"sport"}),
        ("Neue Reifen fürs Elektroauto", {"cars"}),
        ("Mama sein heißt: Windeln, Kinderwagen und wenig Schlaf", {"parenting", "health"}),
        ("Mein Sparplan: jeden Monat Geld in einen ETF #finanzen", {"finance"}),
    ],
    "es": [
        ("Mi rutina de maquillaje con protector solar y labial", {"beauty"}),
        ("Vestido nuevo y zapatillas blancas", {"fashion"}),
        ("La receta de la tarta de mi abuela para la merienda", {"food"}),
        ("Entrenamiento en el gimnasio: sentadillas y pesas", {"fitness"}),
        ("Vacaciones en la playa, el vuelo salió tarde", {"travel"}),
        ("Mi perrito y mi gato durmiendo juntos #mascotas", {"pets"}),
        ("Ahorrar dinero sin hipoteca: mis finanzas del mes", {"finance"}),
        ("Por fin tengo el carnet de conducir y mi primer coche", {"cars"}),
        ("Concierto increíble, la banda tocó mi canción favorita", {"music"}),
    ],
    "it": [
        ("Il mio rossetto preferito e la crema solare per l'estate", {"beauty"}),
        ("Scarpe nuove e una giacca di pelle", {"fashion", "beauty"}),
        ("Ricetta della torta per la colazione della domenica", {"food"}),
        ("Allenamento in palestra, addominali e muscoli", {"fitness"}),
        ("Vacanze al mare, spiaggia e gita in barca", {"travel"}),
        ("Il mio cucciolo dal veterinario", {"pets"}),
        ("Risparmiare soldi e investire: il mio mutuo", {"finance"}),
        ("Calcio stasera, forza squadra!", {"sport"}),
        ("Nuove cuffie e un caricatore per il telefono", {"tech"}),
    ],
    "pt": [
        ("Minha maquiagem com batom vermelho e hidratante", {"beauty"}),
        ("Roupas novas: calça jeans e casaco", {"fashion"}),
        ("Receita de bolo para o lanche da tarde", {"food"}),
        ("Treino na academia hoje, agachamentos e alongamento", {"fitness"}),
        ("Férias na praia, o voo atrasou", {"travel"}),
        ("Meu cachorro adora a ração nova #pets", {"pets"}),
        ("Grávida de seis meses, já comprei as fraldas e o carrinho de bebê", {"parenting"}),
        ("Como poupar dinheiro e investir com pouco", {"finance"}),
        ("Futebol no domingo com o campeonato decidido", {"sport"}),
        ("Tirei a carta de condução e comprei o primeiro carro", {"cars"}),
    ],
    "nl": [
        ("Mijn huidverzorging: dagcrème en zonnebrand", {"beauty"}),
        ("Nieuwe jurk en schoenen voor het feest", {"fashion"}),
        ("Recept voor de lekkerste taart bij de koffie", {"food"}),
        ("Vakantie! De vlucht naar het eiland was kort", {"travel"}),
        ("Onze hond en de katten bij de dierenarts", {"pets"}),
        ("Geld sparen of beleggen in aandelen?", {"finance"}),
        ("Een nieuwe bank voor de woonkamer en kaarsen in de slaapkamer", {"home", "finance"}),
        ("Zaterdag hardlopen, zondag schaatsen", {"sport"}),
        ("Nieuwe gitaar, nieuwe liedjes", {"music"}),
        ("Rijbewijs gehaald, nu een elektrische auto", {"cars"}),
    ],
}


@pytest.mark.parametrize(
    ("caption", "expected"),
    [(caption, expected) for cases in CAPTIONS.values() for caption, expected in cases],
)
def test_topics_of_captions_in_each_language(caption, expected):
    assert topics_of(caption) == expected


@pytest.mark.parametrize(
    ("caption", "phrase", "topic"),
    [
        ("Nunca salgo sin PROTECTOR SOLAR en verano", "protector solar", "beauty"),
        ("Uso l'intelligenza artificiale per scrivere", "intelligenza artificiale", "tech"),
        ("Tirei a carta de condução ontem", "carta de conducao", "cars"),
        ("Meu fone de ouvido novo chegou", "fone de ouvido", "tech"),
    ],
)
def test_multi_word_entries_are_found_as_phrases(caption, phrase, topic):
    # None of these phrases' words is an entry of its own: only the phrase names the topic.
    assert topic_words(caption)[0] == ((topic, phrase),)


def test_topic_words_are_folded_and_found_in_hashtags():
    hits, tags = topic_words("Abends #Hautpflege, morgens FUSSBALL und Fußball")
    assert hits == (("beauty", "hautpflege"), ("sport", "fussball"), ("sport", "fußball"))
    assert tags == ("#hautpflege",)


NOT_TOPICS = {
    # Everyday words, and words left out of a lexicon because they mean something else.
    "de": [
        "Ich habe heute leider keine Zeit, aber morgen schreibe ich dir",
        "Hundert Leute kamen und ein Kind lachte",
        "Reis mit viel Liebe, wie immer",
    ],
    "es": [
        "Pienso que unas semanas más y lo tenemos",
        "Gracias por todo, nos vemos el lunes",
    ],
    "it": [
        "Sono stanca ma felice, grazie a tutti",
        "Il trucco è non mollare mai, ci vediamo domani",
    ],
    "pt": [
        "Pelo menos hoje deu tudo certo, obrigada",
        "Casamento da minha amiga amanhã, estou tão feliz",
    ],
    "nl": [
        "Ik heb haar gisteren nog gezien, wat een fijne dag",
        "Dit kind is de reis waard, zei ze",
    ],
}


@pytest.mark.parametrize(
    "caption", [caption for captions in NOT_TOPICS.values() for caption in captions]
)
def test_everyday_words_are_not_read_as_a_topic(caption):
    assert topic_words(caption)[0] == ()

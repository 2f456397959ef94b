"""Passages written for the aligner's tests, sentence by sentence in two languages: sentence k
of one side translates sentence k of the other (1-1 throughout), so any alignment of them with
sentences left out or moved has a gold answer known by construction. Written for this project
(no corpus can be downloaded here); `KAMALA_*` in `test_align.py` is another."""

from __future__ import annotations

LETTER_FR = [
    "Le matin, le village dormait encore sous la brume.",
    "Marie ouvrit la fenêtre et regarda la rivière.",
    "Un bateau passait lentement, chargé de bois.",
    "Elle pensa à son frère, parti depuis trois ans.",
    "Il avait promis d'écrire chaque semaine.",
    "Aucune lettre n'était jamais arrivée.",
    "Pourtant, elle attendait toujours le facteur.",
    "Ce jour-là, il arriva plus tôt que d'habitude.",
    "Il tenait une enveloppe bleue à la main.",
    "Marie reconnut aussitôt l'écriture.",
    "Elle descendit l'escalier en courant.",
    "Le facteur sourit et lui tendit la lettre.",
    "Elle ne l'ouvrit pas tout de suite.",
    "Elle voulait garder encore un moment l'espoir intact.",
]
LETTER_EN = [
    "In the morning, the village was still asleep under the mist.",
    "Marie opened the window and looked at the river.",
    "A boat was passing slowly, loaded with wood.",
    "She thought of her brother, who had left three years ago.",
    "He had promised to write every week.",
    "No letter had ever arrived.",
    "Yet she still waited for the postman.",
    "That day he came earlier than usual.",
    "He held a blue envelope in his hand.",
    "Marie recognised the handwriting at once.",
    "She ran down the stairs.",
    "The postman smiled and handed her the letter.",
    "She did not open it straight away.",
    "She wanted to keep her hope intact a little longer.",
]
HARBOUR_ES = [
    "La biblioteca cerraba a las ocho.",
    "Tomás llegó a las siete y media, sin aliento.",
    "Buscaba un libro sobre la historia del puerto.",
    "La bibliotecaria le señaló la última estantería.",
    "Allí, entre mapas viejos, encontró lo que buscaba.",
    "El libro tenía más de doscientas páginas.",
    "No había tiempo para leerlo entero.",
    "Copió a mano un solo capítulo.",
    "Hablaba de un barco que se hundió en 1907.",
    "Su abuelo había sido marinero en ese barco.",
    "Nadie en la familia conocía la historia completa.",
    "Tomás salió cuando apagaban las luces.",
]
HARBOUR_EN = [
    "The library closed at eight.",
    "Tomás arrived at half past seven, out of breath.",
    "He was looking for a book about the history of the harbour.",
    "The librarian pointed him to the last shelf.",
    "There, among old maps, he found what he was looking for.",
    "The book had more than two hundred pages.",
    "There was no time to read all of it.",
    "He copied a single chapter by hand.",
    "It told of a ship that sank in 1907.",
    "His grandfather had been a sailor on that ship.",
    "No one in the family knew the whole story.",
    "Tomás left as they were turning off the lights.",
]
BAKERY_DE = [
    "Der Winter kam früh in jenem Jahr.",
    "Schon im Oktober lag Schnee auf den Dächern.",
    "Der alte Müller heizte den Ofen jeden Morgen um fünf.",
    "Seine Tochter Lena half ihm in der Backstube.",
    "Sie sprach wenig, aber sie arbeitete schnell.",
    "Die Leute kamen vor Sonnenaufgang, um Brot zu kaufen.",
    "Manche zahlten nicht sofort.",
    "Müller schrieb ihre Namen in ein schwarzes Heft.",
    "Lena fand das Heft eines Abends auf dem Tisch.",
    "Es war voller Namen, und keiner war durchgestrichen.",
    "Sie fragte ihren Vater, warum er das Geld nicht verlangte.",
    "Er antwortete, der Winter sei für alle lang.",
    "Dann legte er das Heft zurück in die Schublade.",
    "Lena sagte nichts mehr darüber.",
]
BAKERY_EN = [
    "Winter came early that year.",
    "By October there was already snow on the roofs.",
    "Old Müller lit the oven every morning at five.",
    "His daughter Lena helped him in the bakehouse.",
    "She spoke little, but she worked fast.",
    "People came before sunrise to buy bread.",
    "Some did not pay at once.",
    "Müller wrote their names in a black notebook.",
    "One evening Lena found the notebook on the table.",
    "It was full of names, and none had been crossed out.",
    "She asked her father why he did not ask for the money.",
    "He answered that the winter was long for everyone.",
    "Then he put the notebook back in the drawer.",
    "Lena said nothing more about it.",
]
FLOOD_ZH = [
    "那年夏天雨下得特别多。",
    "河水涨到了桥下。",
    "村里的孩子们不能去学校。",
    "老师每天划船到各家去上课。",
    "他的船很小，只能坐两个人。",
    "孩子们在自家门口等他。",
    "有一天，船翻了。",
    "老师游到岸边，书全湿了。",
    "第二天，他带着晒干的书又来了。",
    "孩子们说，那是他们最难忘的夏天。",
]
FLOOD_EN = [
    "That summer it rained more than ever.",
    "The river rose to just below the bridge.",
    "The village children could not go to school.",
    "Every day the teacher rowed from house to house to give lessons.",
    "His boat was small and could hold only two people.",
    "The children waited for him at their own doors.",
    "One day the boat capsized.",
    "The teacher swam to the bank, and all his books were soaked.",
    "The next day he came again with the books dried.",
    "The children said it was the summer they would never forget.",
]
BOOKSHOP_JA = [
    "駅の前に小さな本屋があった。",
    "店主は毎朝七時に店を開けた。",
    "客はほとんど来なかった。",
    "それでも彼は棚の本を丁寧に並べ直した。",
    "ある雨の日、一人の少女が入ってきた。",
    "彼女は古い地図の本を探していた。",
    "店主は奥の部屋から一冊の本を持ってきた。",
    "それは彼の父が集めた本だった。",
    "少女はその本を買わずに、毎日読みに来た。",
    "一年後、彼女は地図を作る人になった。",
]
BOOKSHOP_EN = [
    "There was a small bookshop in front of the station.",
    "The owner opened the shop at seven every morning.",
    "Hardly any customers came.",
    "Even so, he carefully rearranged the books on the shelves.",
    "One rainy day, a girl came in.",
    "She was looking for a book of old maps.",
    "The owner brought a book from the back room.",
    "It was a book his father had collected.",
    "The girl did not buy the book, but came every day to read it.",
    "A year later, she became a maker of maps.",
]
PASSAGES = {
    "fr-en letter": (LETTER_FR, LETTER_EN),
    "es-en harbour": (HARBOUR_ES, HARBOUR_EN),
    "de-en bakery": (BAKERY_DE, BAKERY_EN),
    "zh-en flood": (FLOOD_ZH, FLOOD_EN),
    "ja-en bookshop": (BOOKSHOP_JA, BOOKSHOP_EN),
}

GLOSSARIES = {
    "de-en kamala": (
        ("de", "en"),
        (("Kurtisane", "courtesan"), ("Garten", "garden"), ("Kaufmann", "merchant"),
         ("Vers", "verse"), ("Antwort", "answer"), ("Haus", "house")),
    ),
    "fr-en letter": (
        ("fr", "en"),
        (("facteur", "postman"), ("lettre", "letter"), ("frère", "brother"),
         ("fenêtre", "window"), ("enveloppe", "envelope"), ("escalier", "stairs")),
    ),
    "es-en harbour": (
        ("es", "en"),
        (("biblioteca", "library"), ("libro", "book"), ("barco", "ship"),
         ("puerto", "harbour"), ("abuelo", "grandfather"), ("capítulo", "chapter")),
    ),
    "de-en bakery": (
        ("de", "en"),
        (("Heft", "notebook"), ("Winter", "winter"), ("Ofen", "oven"), ("Brot", "bread"),
         ("Backstube", "bakehouse"), ("Vater", "father")),
    ),
    "zh-en flood": (
        ("zh", "en"),
        (("老师", "teacher"), ("孩子们", "children"), ("船", "boat"), ("书", "books"),
         ("夏天", "summer"), ("河", "river")),
    ),
    "ja-en bookshop": (
        ("ja", "en"),
        (("本屋", "bookshop"), ("店主", "owner"), ("少女", "girl"), ("地図", "maps"),
         ("本", "book"), ("父", "father")),
    ),
}  # fmt: skip
"""For each passage (and the Kamala one), a small glossary of the kind a translator keeps:
six recurring nouns and their renderings, written with the passages, before any measuring.
`bench.bench_align` aligns the passages with and without them."""

"""gist.py: thank-you notes and sales pitches, and the rules that keep them from being acknowledged."""

from __future__ import annotations

from pathlib import Path

import pytest

from conversation import STAFF, Conversation, mail, sent_to
from mailbot.intents import gist
from mailbot.mail import parse as message

ROOT = Path(__file__).resolve().parents[1]


def parsed(subject: str, body: str, frm: str = "someone@city.example") -> message.ParsedMessage:
    return message.parse(mail(frm, subject, body))


@pytest.mark.parametrize("subject,body", [
    ("Gracias", "Muchas gracias por la presentación de ayer, fue muy útil.\n\nJordi"),
    ("Re: welcome", "Thank you, that is great!\n\nAnna"),
    ("Danke", "Vielen Dank für die schnelle Antwort.\n\nKatrin"),
    ("Merci", "Merci beaucoup pour ces informations.\n\nClaire"),
    ("Kiitos", "Kiitos paljon, tämä auttoi.\n\nMikko"),
    ("Dziękuję", "Dziękuję bardzo za pomoc.\n\nAnna"),
    ("Ευχαριστώ", "Ευχαριστώ πολύ για τις πληροφορίες.\n\nΜαρία"),
    ("Thanks", "Go raibh maith agat as an eolas.\n\nSeán"),
])
def test_thanks(subject, body):
    assert gist.is_thanks(parsed(subject, body))


@pytest.mark.parametrize("subject,body", [
    ("Thanks", "Thank you! Could you also add us to the circular procurement group?"),
    ("Danke", "Danke. Bitte tragen Sie uns auch in die Gruppe ein."),
    ("Question", "When is the next meeting of the ICT group?"),
    ("Thanks", "Thanks for the call. " + "We have discussed the tender criteria at length. " * 8),
    ("Join", "We would like to join the circular procurement group."),
])
def test_not_only_thanks(subject, body):
    assert not gist.is_thanks(parsed(subject, body))


def test_sales_pitch():
    raw = (ROOT / "mailbot" / "examples" / "unknown-en-sales-pitch.eml").read_bytes()
    assert gist.is_sales(message.parse(raw))
    assert len(gist.sales_signals(message.parse(raw))) >= 2


@pytest.mark.parametrize("subject,body", [
    ("Circular procurement", "We would like to join the circular procurement group.\n\nKatrin"),
    ("Question", "Our procurement team asks: is there a group on catering? We have a discount scheme for schools."),
])
def test_buyers_are_not_pitches(subject, body):
    assert not gist.is_sales(parsed(subject, body))


# -- every EU language: one vendor's pitch, one thank-you, one thank-you that asks for more ------------

PITCHES = {
    "bg": ("Иновативно решение за обществени поръчки",
           "Уважаеми господин/госпожо,\n\nКазвам се Петър Иванов и представлявам ТехноСофт ООД. Нашата компания "
           "разработва платформа за електронни търгове, която съкращава подготовката наполовина. Бихме искали да ви "
           "представим нашето решение в кратка онлайн среща – безплатна демонстрация е възможна всяка седмица.\n\n"
           "Петър Иванов\nМениджър продажби\n\nАко не желаете повече съобщения, натиснете тук за отписване."),
    "cs": ("Recyklovaný papír pro úřady",
           "Dobrý den,\n\nnaše společnost EkoTisk s.r.o. se specializuje na recyklovaný kancelářský papír. Veřejným "
           "institucím nabízíme do konce měsíce slevu 15 % a bezplatnou ukázku celého sortimentu.\n\nRádi bychom vám "
           "představili katalog osobně – stačí si domluvit schůzku.\n\nS pozdravem\nJana Nováková, obchodní oddělení"),
    "da": ("Kontraktstyring for kommuner",
           "Hej,\n\nVi udvikler software til kontraktstyring. Vores løsning bruges allerede af 40 kommuner, og vi "
           "tilbyder lige nu en gratis prøveperiode på 30 dage.\n\nBook en demo direkte i min kalender.\n\nMed venlig "
           "hilsen\nLars Hansen, salgschef\n\nØnsker du ikke flere mails, kan du framelde dig her."),
    "de": ("E-Mobilität für Ihre Kommune",
           "Sehr geehrte Damen und Herren,\n\nunser Unternehmen ist führender Anbieter von Flottenlösungen für "
           "Kommunen. Gerne möchten wir Ihnen unsere Lösung für die E-Mobilität vorstellen – eine kostenlose Demo "
           "dauert 20 Minuten.\n\nBis Ende Mai gewähren wir öffentlichen Auftraggebern 10 % Rabatt.\n\nMit "
           "freundlichen Grüßen\nThomas Berger\nVertrieb Öffentlicher Sektor"),
    "el": ("Λογισμικό προμηθειών για δήμους",
           "Αξιότιμε κύριε/κυρία,\n\nη εταιρεία μας αναπτύσσει λογισμικό διαχείρισης προμηθειών για δήμους. Θα "
           "θέλαμε να σας παρουσιάσουμε τις δυνατότητές του σε μια σύντομη διαδικτυακή συνάντηση· προσφέρουμε "
           "δωρεάν δοκιμή 30 ημερών.\n\nΜε εκτίμηση,\nΓιώργος Παπαδόπουλος\nΤμήμα Πωλήσεων\n\nΓια απεγγραφή από τη "
           "λίστα μας πατήστε εδώ."),
    "en": ("Electric vans for your fleet",
           "Hi there,\n\nI'm reaching out from GreenFleet. Our company offers electric vans on flexible leases, and our "
           "platform cuts costs for municipal fleets by up to a third.\n\nYou can book a demo here: "
           "https://greenfleet.example/demo\n\nBest,\nMark Evans\nHead of Sales\n\nTo unsubscribe, click here."),
    "es": ("Limpieza ecológica para edificios públicos",
           "Estimados señores:\n\nLes escribo de parte de EcoLimpieza S.L. Nuestra empresa fabrica productos de "
           "limpieza ecológicos certificados. Nos gustaría presentarle nuestra oferta para 2027, con un descuento "
           "especial para administraciones.\n\nSi lo desea, podemos agendar una llamada esta semana.\n\nUn saludo,\n"
           "Lucía Fernández\nDepartamento comercial\n\nSi no desea recibir más correos, puede darse de baja aquí."),
    "et": ("LED-valgustid avalikule sektorile",
           "Tere!\n\nMeie ettevõte pakub avaliku sektori asutustele energiatõhusaid LED-valgusteid. Soovime "
           "tutvustada oma uut tootesarja ja kuni aasta lõpuni kehtib 20% allahindlus.\n\nTasuta demo on alati "
           "võimalik.\n\nLugupidamisega\nKadri Tamm, müügijuht"),
    "fi": ("Hankinta-analytiikkaa kunnille",
           "Hei,\n\nyrityksemme kehittää hankintojen analytiikkaa kunnille. Haluaisimme esitellä ratkaisumme "
           "lyhyessä verkkotapaamisessa – tarjoamme myös ilmaisen demon.\n\nVaraa aika suoraan kalenteristani.\n\n"
           "Ystävällisin terveisin\nMatti Virtanen\nmyyntipäällikkö"),
    "fr": ("Pilotage énergétique des bâtiments publics",
           "Madame, Monsieur,\n\nnotre société accompagne les collectivités dans la réduction de leur consommation "
           "d’énergie. Nous souhaiterions vous présenter notre solution de pilotage ; un essai gratuit de trois mois "
           "est possible.\n\nCordialement,\nSophie Martin\nResponsable commerciale\n\nPour vous désinscrire, cliquez "
           "ici."),
    "ga": ("Bogearraí soláthair do chomhairlí",
           "A chara,\n\nIs comhlacht Éireannach muid a dhéanann bogearraí soláthair. Cuirimid ardán nua ar fáil do "
           "chomhairlí contae, agus tá taispeántas saor in aisce ar fáil an mhí seo.\n\nLe meas,\nSiobhán Ní "
           "Bhriain\nBainisteoir Díolacháin\n\nChun díliostáil, cliceáil anseo."),
    "hr": ("Sustav za e-nabavu",
           "Poštovani,\n\nnaša tvrtka razvija sustav za elektroničku nabavu za jedinice lokalne samouprave. Željeli "
           "bismo vam predstaviti naše rješenje na kratkom online sastanku, a nudimo i besplatnu demonstraciju.\n\n"
           "Do kraja godine odobravamo popust od 15 %.\n\nS poštovanjem,\nIvan Horvat, voditelj prodaje"),
    "hu": ("Energiahatékony közvilágítás",
           "Tisztelt Címzett!\n\nCégünk energiahatékony közvilágítási rendszereket fejleszt önkormányzatoknak. "
           "Szeretnénk bemutatni legújabb termékeinket egy rövid online találkozón.\n\nAz év végéig 10% "
           "kedvezményt adunk.\n\nÜdvözlettel:\nKovács Péter, értékesítési vezető\n\nHa nem szeretne több levelet "
           "kapni, itt leiratkozhat."),
    "it": ("Arredi in legno certificato per la PA",
           "Gentile Responsabile,\n\nla nostra azienda produce arredi per uffici pubblici in legno certificato. "
           "Vorremmo presentarle il nuovo catalogo: agli enti pubblici offriamo uno sconto del 12% fino a giugno.\n\n"
           "Possiamo fissare una call di 15 minuti la prossima settimana?\n\nCordiali saluti,\nMarco Bianchi\n"
           "Ufficio commerciale"),
    "lt": ("Elektroninių pirkimų sistema",
           "Laba diena,\n\nmūsų įmonė kuria elektroninių pirkimų sistemas savivaldybėms. Norėtume pristatyti mūsų "
           "sprendimą trumpame nuotoliniame susitikime, o iki metų pabaigos siūlome 15 % nuolaidą.\n\nPagarbiai\n"
           "Tomas Kazlauskas, pardavimų vadybininkas"),
    "lv": ("Apgaismojums pašvaldībām",
           "Labdien!\n\nMūsu uzņēmums ražo energoefektīvus apgaismes risinājumus pašvaldībām. Vēlamies iepazīstināt "
           "jūs ar jaunāko produkciju, un līdz gada beigām publiskajam sektoram ir 15 % atlaide.\n\nAr cieņu\n"
           "Jānis Bērziņš, pārdošanas vadītājs"),
    "mt": ("Sistemi solari għall-kunsilli lokali",
           "Għażiż Sinjur/Sinjura,\n\nil-kumpanija tagħna tipprovdi sistemi tal-enerġija solari għall-kunsilli "
           "lokali. Nixtiequ nippreżentaw is-soluzzjonijiet tagħna f’laqgħa qasira online, u noffru evalwazzjoni "
           "tas-sit b’xejn.\n\nTislijiet,\nMaria Borg, Maniġer tal-Bejgħ"),
    "nl": ("Duurzame schoonmaak voor gemeenten",
           "Geachte heer/mevrouw,\n\nons bedrijf levert duurzame schoonmaakdiensten aan gemeenten en provincies. "
           "Graag stellen wij onze aanpak aan u voor in een kort online gesprek; wij bieden bovendien een gratis "
           "proefperiode van een maand.\n\nMet vriendelijke groet,\nJeroen de Vries, accountmanager"),
    "pl": ("Oprogramowanie do zamówień publicznych",
           "Szanowni Państwo,\n\nnasza firma dostarcza oprogramowanie do zarządzania zamówieniami publicznymi. "
           "Chcielibyśmy przedstawić nasze rozwiązanie podczas krótkiej prezentacji online.\n\nDo końca kwartału "
           "obowiązuje rabat 15%.\n\nZ poważaniem\nPiotr Nowak, Dział Sprzedaży\n\nAby wypisać się z listy, kliknij "
           "tutaj."),
    "pt": ("Mobiliário urbano reciclado",
           "Exmos. Senhores,\n\na nossa empresa fornece mobiliário urbano feito com plástico reciclado. Gostaríamos "
           "de apresentar a nossa solução às autarquias e oferecemos uma demonstração gratuita nas vossas "
           "instalações.\n\nCom os melhores cumprimentos,\nRui Costa, Diretor Comercial\n\nPara cancelar a "
           "subscrição, clique aqui."),
    "ro": ("Platformă de achiziții electronice",
           "Stimate domnule/doamnă,\n\ncompania noastră dezvoltă software pentru achiziții publice electronice. "
           "Dorim să vă prezentăm platforma într-o scurtă întâlnire online; oferim și o perioadă de probă gratuită "
           "de 30 de zile.\n\nCu stimă,\nAndrei Popescu, director vânzări"),
    "sk": ("Systém na elektronické obstarávanie",
           "Dobrý deň,\n\nnaša spoločnosť vyvíja systém na elektronické verejné obstarávanie pre mestá a obce. Radi "
           "by sme vám predstavili naše riešenie na krátkom online stretnutí.\n\nDo konca roka poskytujeme zľavu "
           "15 %.\n\nS pozdravom\nMartin Kováč, obchodný manažér"),
    "sl": ("Programska oprema za javno naročanje",
           "Spoštovani,\n\nnaše podjetje razvija programsko opremo za elektronsko javno naročanje. Radi bi vam "
           "predstavili našo rešitev na kratkem spletnem sestanku, ponujamo pa tudi brezplačen preizkus.\n\n"
           "Lep pozdrav,\nMatej Novak, vodja prodaje"),
    "sv": ("Digitala verktyg för upphandling",
           "Hej,\n\nvårt företag utvecklar digitala verktyg för offentlig upphandling. Vi vill gärna presentera vår "
           "lösning för er kommun och ni får en gratis provperiod på 30 dagar.\n\nBoka ett möte direkt i min "
           "kalender.\n\nMed vänliga hälsningar\nErik Johansson, säljchef"),
}

THANKS = {
    "bg": ("Благодаря", "Благодаря Ви много за информацията и за бързия отговор!\n\nПоздрави,\nМария"),
    "cs": ("Poděkování", "Děkuji za rychlou odpověď, moc nám to pomohlo.\n\nS pozdravem\nPetra"),
    "da": ("Re: Velkommen", "Mange tak for velkomsten – vi glæder os til det første møde.\n\nVenlig hilsen\nSofie"),
    "de": ("Re: Willkommen", "Herzlichen Dank für die freundliche Aufnahme in die Gruppe!\n\nViele Grüße\nKatrin"),
    "el": ("Ευχαριστώ", "Σας ευχαριστώ θερμά για την άμεση απάντηση.\n\nΜε εκτίμηση,\nΕλένη"),
    "en": ("Re: Your request", "Many thanks, much appreciated!\n\nBest wishes,\nTom"),
    "es": ("Re: Bienvenida", "¡Muchas gracias por la bienvenida! Nos vemos en la próxima reunión.\n\nSaludos,\nLucía"),
    "et": ("Aitäh", "Suur tänu kiire vastuse eest!\n\nParimate soovidega\nKadri"),
    "fi": ("Re: Tervetuloa", "Kiitoksia tiedoista ja lämpimästä vastaanotosta!\n\nTerveisin\nAnna"),
    "fr": ("Re: Bienvenue", "Je vous remercie pour votre accueil chaleureux, à bientôt lors de la réunion.\n\n"
           "Bien cordialement,\nClaire"),
    "ga": ("Míle buíochas", "Míle buíochas as an bhfáilte agus as an eolas.\n\nLe meas,\nNiamh"),
    "hr": ("Hvala", "Hvala vam puno na brzom odgovoru i svim informacijama.\n\nLijep pozdrav,\nAna"),
    "hu": ("Köszönet", "Köszönjük szépen a gyors választ és a részletes tájékoztatást!\n\nÜdvözlettel:\nEszter"),
    "it": ("Grazie", "Grazie mille per le informazioni, sono state molto utili.\n\nCordiali saluti,\nGiulia"),
    "lt": ("Ačiū", "Labai ačiū už greitą atsakymą ir informaciją!\n\nPagarbiai\nRūta"),
    "lv": ("Paldies", "Liels paldies par ātro atbildi un noderīgo informāciju!\n\nAr cieņu\nIlze"),
    "mt": ("Grazzi", "Grazzi ħafna tal-informazzjoni u tat-tweġiba malajr.\n\nSaħħa,\nJoseph"),
    "nl": ("Re: Welkom", "Hartelijk dank voor het warme welkom, tot de volgende bijeenkomst!\n\nMet vriendelijke "
           "groet,\nSanne"),
    "pl": ("Podziękowanie", "Bardzo dziękujemy za szybką odpowiedź i pomoc.\n\nZ poważaniem\nAnna"),
    "pt": ("Obrigada", "Muito obrigada pela resposta tão rápida e pela ajuda.\n\nCumprimentos,\nInês"),
    "ro": ("Mulțumesc", "Vă mulțumesc frumos pentru răspunsul rapid și pentru informații!\n\nCu stimă,\nIoana"),
    "sk": ("Poďakovanie", "Ďakujem pekne za rýchlu odpoveď, veľmi nám to pomohlo.\n\nS pozdravom\nZuzana"),
    "sl": ("Hvala", "Najlepša hvala za hiter odgovor in vse informacije.\n\nLep pozdrav,\nMaja"),
    "sv": ("Tack", "Tack så mycket för snabbt svar och all information!\n\nVänliga hälsningar\nKarin"),
}

THANKS_AND_A_REQUEST = {
    "bg": "Благодаря! Моля, добавете ни и в групата за кръгови поръчки.",
    "cs": "Děkuji. Prosím, přidejte nás také do skupiny pro oběhové zadávání.",
    "da": "Tak for svaret. Vil I også tilmelde os gruppen om cirkulære indkøb.",
    "de": "Danke. Bitte tragen Sie uns auch in die Gruppe ein.",
    "el": "Ευχαριστώ. Παρακαλώ προσθέστε μας και στην ομάδα κυκλικών προμηθειών.",
    "en": "Thank you! Could you also add us to the circular procurement group.",
    "es": "Gracias. Por favor, añádannos también al grupo de compra circular.",
    "et": "Aitäh! Palun lisage meid ka ringhangete rühma.",
    "fi": "Kiitos! Voisitteko lisätä meidät myös kiertotalouden hankintojen ryhmään.",
    "fr": "Merci ! Pourriez-vous aussi nous inscrire au groupe achats circulaires.",
    "ga": "Go raibh maith agat. Cláraigh muid sa ghrúpa soláthair chiorclaigh freisin, le do thoil.",
    "hr": "Hvala! Molim vas, dodajte nas i u skupinu za kružnu nabavu.",
    "hu": "Köszönöm! Kérem, vegyenek fel minket a körforgásos beszerzési csoportba is.",
    "it": "Grazie! Potreste aggiungerci anche al gruppo sugli acquisti circolari.",
    "lt": "Ačiū! Prašome įtraukti mus ir į žiedinių pirkimų grupę.",
    "lv": "Paldies! Lūdzu, pievienojiet mūs arī aprites iepirkumu grupai.",
    "mt": "Grazzi! Jekk jogħġbok żidna wkoll mal-grupp tal-akkwist ċirkolari.",
    "nl": "Bedankt! Graag willen wij ook deelnemen aan de groep circulair inkopen.",
    "pl": "Dziękuję! Proszę dopisać nas także do grupy zamówień cyrkularnych.",
    "pt": "Obrigado! Por favor, incluam-nos também no grupo de compras circulares.",
    "ro": "Mulțumesc! Vă rog să ne adăugați și în grupul de achiziții circulare.",
    "sk": "Ďakujem! Prosím, pridajte nás aj do skupiny pre obehové obstarávanie.",
    "sl": "Hvala! Prosim, dodajte nas tudi v skupino za krožno naročanje.",
    "sv": "Tack! Kan ni även lägga till oss i gruppen för cirkulär upphandling.",
}


def test_every_eu_language_is_covered():
    from mailbot.mail import compose

    for table in (PITCHES, THANKS, THANKS_AND_A_REQUEST, gist._THANKS, gist._ASKS, gist._SALES):
        assert sorted(table) == sorted(compose.LANGUAGES)


@pytest.mark.parametrize("lang", sorted(PITCHES))
def test_a_pitch_in_every_language(lang):
    msg = parsed(*PITCHES[lang], frm=f"sales@vendor-{lang}.example")
    assert gist.is_sales(msg), gist.sales_signals(msg)
    assert not gist.is_thanks(msg)


@pytest.mark.parametrize("lang", sorted(THANKS))
def test_a_thank_you_in_every_language(lang):
    msg = parsed(*THANKS[lang])
    assert gist.is_thanks(msg)
    assert not gist.is_sales(msg)


@pytest.mark.parametrize("lang", sorted(THANKS_AND_A_REQUEST))
def test_thanks_that_ask_for_more_are_not_only_thanks(lang):
    assert not gist.is_thanks(parsed("Re: welcome", THANKS_AND_A_REQUEST[lang]))


@pytest.mark.parametrize("subject,body", [
    ("Ευχαριστώ", "Ευχαριστώ. Πότε είναι η επόμενη συνάντηση;"),  # the Greek question mark, as typed (U+003B)
    ("Gracias", "Gracias. ¿Cuándo es la próxima reunión"),
    ("Tak", "Tak, chcemy dołączyć do grupy."),  # Polish "yes": not a Danish thank-you
])
def test_questions_and_a_polish_yes_are_not_thanks(subject, body):
    assert not gist.is_thanks(parsed(subject, body))


@pytest.mark.parametrize("language,thanks", [("da", True), ("pl", False), ("", False)])
def test_a_bare_tak_is_thanks_only_in_danish(language, thanks):
    """"Tak!" thanks in Danish and says "yes" in Polish: it counts where the message is known to be Danish
    (its text, or a Content-Language header, as Outlook writes)."""
    msg = message.ParsedMessage(message_id="t", sender=None, subject="Re: Velkommen", text="Tak!", language=language)
    assert gist.is_thanks(msg) is thanks


def test_the_training_corpus_has_no_pitch_among_the_requests():
    """No labelled join, leave, question or proposal in the 24-language corpus reads as a pitch."""
    import json

    corpus = ROOT / "mailbot" / "intents" / "data" / "corpus"
    records = [json.loads(line) for f in sorted(corpus.glob("*.jsonl"))
               for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len({r["language"] for r in records}) >= 24
    requests = [r for r in records if r["intent"] in ("join", "leave", "info", "start_group")]
    pitches = [r["id"] for r in requests
               if gist.is_sales(message.ParsedMessage(message_id="c", sender=None, subject=r.get("subject", ""),
                                                      text=r.get("text", "")))]
    assert not pitches


def test_pitch_and_thanks_get_no_acknowledgement(tmp_path):
    """The rules (config.toml) send a pitch to staff only and ignore a thank-you; nobody hears 'we will get back to you'."""
    conv = Conversation(tmp_path)
    pitch = (ROOT / "mailbot" / "examples" / "unknown-en-sales-pitch.eml").read_bytes()
    thanks = (ROOT / "mailbot" / "examples" / "unknown-es-thanks.eml").read_bytes()
    out = conv.send(pitch)
    assert not sent_to(out, "greg@refurbtech.example")
    assert sent_to(out, STAFF)  # staff see it in triage
    out = conv.send(thanks)
    assert not out  # nothing to answer, nobody to tell


@pytest.mark.parametrize("text, sales", [
    # Danish "reducere" (to reduce) beside "webinar": a buyer introducing itself (set BG)
    ("Aarhus har arbejdet med at reducere klimaaftrykket fra vores indkøb. Vi har fulgt jeres webinarer og vil "
     "gerne tilmelde os interessegruppen om cirkulære indkøb.", False),
    # Romanian "reducere" with its percentage: a vendor's discount
    ("Curs „Achiziții publice verzi”, 12-13 mai. Reducere 20% pentru autorități locale. Pentru dezabonare, "
     "răspundeți cu STOP.", True),
    ("Primii 10 clienți beneficiază de 20% reducere în luna mai! Pentru dezabonare scrieți-ne.", True),
])
def test_a_discount_is_a_percentage_off_not_the_word_reduce(text, sales):
    msg = message.ParsedMessage(message_id="t", sender=None, subject="Procura+", text=text)
    assert gist.is_sales(msg) is sales, gist.sales_signals(msg)

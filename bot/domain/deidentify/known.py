"""Capitalised phrases trainees use that identify nobody: eponyms and named syndromes, figures
from books, myth and history used as comparisons, drug brands, services, documents and shops.

A WARN finding that overlaps one of these is dropped (a BLOCK never is): "Charles Bonnet
syndrome", "she reminded me of Lady Macbeth", "switched from Risperdal Consta", "the Assertive
Outreach team", "the Maudsley Prescribing Guidelines", "St John's wort". Each list is a class:
add its other members when the benchmark shows one.
"""

from __future__ import annotations

import re
from functools import cache

# Eponyms and named syndromes, tests and scales ("'s" and "syndrome" may follow).
EPONYMS = """
Charles Bonnet; De Clérambault; de Clerambault; Clérambault; Capgras; Cotard; Fregoli; Ekbom;
Korsakoff; Wernicke; Munchausen; Ganser; Othello syndrome; Diogenes syndrome; Stockholm syndrome;
Lima syndrome; Jerusalem syndrome; Paris syndrome; Stendhal syndrome; Peter Pan syndrome;
Cinderella syndrome; Alice in Wonderland syndrome; Lewy body; Lewy bodies; Creutzfeldt-Jakob;
Tourette; Tourette's syndrome; Asperger; Asperger's syndrome; Huntington's disease; Huntington's
chorea; Parkinson's disease; Parkinsonism; Alzheimer's disease; Alzheimer's; Pick's disease;
Cushing's syndrome; Cushing's disease; Addison's disease; Graves' disease; Graves disease;
Hashimoto's; Wilson's disease; Klinefelter; Turner syndrome; Rett syndrome; Prader-Willi;
Angelman; Down syndrome; Down's syndrome; Fragile X; Kluver-Bucy; Klüver-Bucy; Marchiafava-Bignami;
Bell's palsy; Guillain-Barré; Guillain-Barre; Stevens-Johnson; Brugada; Korsakov; Mini-Cog;
Glasgow Coma Scale; Hamilton Rating Scale; Hamilton Depression; Beck Depression Inventory; Young Mania Rating Scale; Addenbrooke;
Mini Mental; Montreal Cognitive; Edinburgh Postnatal; Likert; Hawthorne effect; Dunning-Kruger;
Yerkes-Dodson; Rorschach; Wechsler; Myers-Briggs; Maslow; Kübler-Ross; Kubler-Ross; Karpman;
Bowlby; Winnicott; Bion; Klein; Balint; Freud; Jung; Schwartz round; Schwartz Rounds; Schwartz
rounds; Caldicott; Gillick competence; Gillick competent; Fraser guidelines; Bolam test;
Montgomery ruling; Mental Capacity Act; Gillick; Bolam; M'Naghten; M'Naghten rules;
McNaughton rules; Diogenes; Anton syndrome; Anton's syndrome; Charles Bonnet syndrome;
Mental Health Act; Deprivation of Liberty; Care Act; Children Act; Clare's Law; Sarah's Law;
Michael Balint; Donald Winnicott; Melanie Klein; Sigmund Freud; Carl Jung; John Bowlby;
Wilfred Bion; Karl Jaspers; Kurt Schneider; Emil Kraepelin; Eugen Bleuler; Harry Stack Sullivan;
Aaron Beck; Marsha Linehan; Peter Fonagy; Anthony Bateman; Irvin Yalom; Carl Rogers;
Kraepelin; Kraepelinian; Bleuler; Jaspers; Jasperian; Kanner; Erikson; Piaget; Vygotsky; Pavlov;
Pavlovian; Skinner box; Seligman; Linehan; Fonagy; R.D. Laing; RD Laing; Szasz; Thomas Szasz;
Foucault; Goffman; Erving Goffman; Basaglia; Pinel; Esquirol; Charcot; Breuer; Karen Horney;
Horney; Erich Fromm; Lacan; Lacanian; Kohut; Kernberg; Margaret Mahler; Ferenczi; Fritz Perls;
Eric Berne; Viktor Frankl; Frankl; Bandura; Festinger; Milgram; Zimbardo; Bettelheim; Tronick;
Gottman; Belbin; Tuckman; Rosenhan; Cleckley; Hare Psychopathy Checklist; Marcé; Marce Society;
Marcé Society; Tarasoff; Herbert Protocol; Hilde Bruch; Bruch; Minuchin; Salvador Minuchin;
Fraiberg; Selma Fraiberg; Lasègue; Lasegue; William Gull; Sir William Gull; Gull and Lasègue;
Gull and Lasegue; Selvini Palazzoli; Palazzoli; Gregory Bateson; Virginia Satir; Satir;
Watzlawick; Menzies Lyth; Isabel Menzies Lyth; Foulkesian; Kubler Ross; Holmes and Rahe; Yerkes;
René Spitz; Esther Bick; Trevarthen; Bowlbian; Winnicottian; Kleinian; Bionian; Freudian;
Jungian; Rogerian; Ainsworth; Mary Ainsworth; Strange Situation; Main and Solomon; Dunedin study;
Whitehall study; Stanford prison; Little Albert; Anna O; Little Hans; Wolf Man; Rat Man;
Schreber; Phineas Gage; Patient H.M.; Kitty Genovese; Gerstmann; Broca; Broca's; Wernicke's;
Korsakoff's; Capgras'; Cotard's; Fregoli's; Ganser's; Ekbom's; Charles Bonnet's; Clérambault's;
Othello's; Munchausen's; Lewy; Pick's; Binswanger; Creutzfeldt; Kluver; Klüver; Bucy; Spitzer;
Feighner; Schneiderian; Kurt Schneider's; Karl Jaspers'; Eugen Bleuler's; Emil Kraepelin's;
Crohn; Crohn's; Raynaud; Raynaud's; Hodgkin; Hodgkin's; non-Hodgkin; Kawasaki disease; Ménière;
Meniere; Ménière's; Meniere's; Sjögren; Sjogren; Sjögren's; Sjogren's; Behçet; Behcet; Behçet's;
Behcet's; Guillain; Dupuytren; Dupuytren's; Ehlers-Danlos; Marfan; Marfan's; Tay-Sachs;
Von Willebrand; von Willebrand; Osgood-Schlatter; Peyronie; Peyronie's; Takayasu;
Wolff-Parkinson-White; Zollinger-Ellison; Lyme disease; Kaposi; Kaposi's; Hirschsprung;
Hirschsprung's; Gaucher; Niemann-Pick; Charcot-Marie-Tooth; Friedreich's ataxia; Lesch-Nyhan;
Sturge-Weber; Von Hippel-Lindau; Arnold-Chiari; Chiari; Dandy-Walker; Lennox-Gastaut; Dravet;
Landau-Kleffner; Sydenham's chorea; Duchenne; Duchenne's; DiGeorge; Noonan syndrome;
Edwards syndrome; Patau; Williams syndrome; Barrett's oesophagus; Barrett's esophagus;
Todd's paresis; Paget's disease; Whipple's disease; Conn's syndrome; Horner's syndrome;
Argyll Robertson; Holmes-Adie; Ramsay Hunt; Brown-Séquard; Brown-Sequard; Babinski; Romberg;
Romberg's; Kernig; Kernig's; Brudzinski; Trendelenburg; Korotkoff; Mallampati; Epworth; Apgar;
Waterlow; Braden scale; Wells score; Bristol stool; Glasgow-Blatchford; Rockall; Ottawa rules;
Murphy's sign; McBurney's point; Virchow's triad; Virchow; Cheyne-Stokes; Kussmaul; Korsakov's;
Wernicke-Korsakoff; Marchiafava; Creutzfeldt-Jakob disease; Gerstmann-Sträussler; Lewy body
dementia; Binswanger's; Pick's; Fahr's; Fahr's disease; Huntington; Tourette; Asperger;
Münchausen; Munchausen; Münchausen's; Munchausen's; Ganser; Capgras; Cotard; Fregoli; Ekbom;
Clérambault; Kanner's; Rett's; Angelman's; Prader-Willi's; Klinefelter's; Turner's; Down's
"""

# Figures from books, plays, myth, scripture, history and screen, used as comparisons.
FIGURES = """
Lady Macbeth; Macbeth; Miss Havisham; Havisham; King Lear; Hamlet; Othello;
Iago; Romeo and Juliet; Shylock; Prospero; Falstaff; Pollyanna; Cinderella; Snow White; Sleeping Beauty; Rapunzel; Peter Pan; Tinker Bell; Wendy Darling;
Walter Mitty; Dorian Gray; Jekyll and Hyde; Dr Jekyll; Mr Hyde; Frankenstein; Dracula; Scrooge;
Ebenezer Scrooge; Tiny Tim; Oliver Twist; Fagin; Mr Micawber; Uriah Heep; Heathcliff; Mr Rochester;
Jane Eyre; Mr Darcy; Elizabeth Bennet; Emma Bovary; Madame Bovary; Anna Karenina; Don Quixote;
Sherlock Holmes; Dr Watson; Miss Marple; Hercule Poirot; Mrs Doubtfire; Mr Bean; Bridget Jones;
Harry Potter; Hermione; Voldemort; Gollum; Eeyore; Tigger; Winnie the Pooh; Paddington; Mary Poppins;
Willy Wonka; Forrest Gump; Rain Man; Hannibal Lecter; Norman Bates; Nurse Ratched; McMurphy;
Patrick Bateman; Holden Caulfield; Mrs Dalloway; Miss Jean Brodie; Oedipus; Narcissus;
Echo and Narcissus; Medusa; Sisyphus; Icarus; Achilles; Hercules; Cassandra complex;
Prometheus; Odysseus; Ulysses; Persephone; Jezebel; Goliath; Judas;
Lazarus; Job's comforter; Good Samaritan; Prodigal Son; Virgin Mary; Mary Magdalene; Mother Mary;
Jesus; Jesus Christ; Christ; Noah's Ark; Father Christmas; Santa; Santa Claus;
Florence Nightingale; Mother Teresa; Mary Seacole; Winston Churchill; Churchill; Hitler; Stalin;
Napoleon; Henry VIII; Queen Victoria; Princess Diana; Lady Di; Marilyn Monroe; Elvis; Einstein;
Houdini; Rambo; Superman; Batman; Wonder Woman; Captain America; Jane Austen; Charles Dickens;
Virginia Woolf; Sylvia Plath; Ernest Hemingway; Van Gogh; Vincent van Gogh; Spike Milligan;
Stephen Fry; Amy Winehouse; Prince Charming; Mrs Danvers; Rip Van Winkle; Hail Mary;
Sergeant Pepper; Jonah and the whale; Tam o' Shanter; Mrs Robinson; Lady Godiva; Jack Frost;
Humpty Dumpty; Mr Darcy; Mrs Brown; Mr Toad; Mrs Hudson; Lady Bracknell;
Peppa Pig; Bluey; Wallace and Gromit; Gromit; Teletubbies; Tinky Winky; Pikachu; Yoda;
Darth Vader; Gandalf; Super Mario; Paw Patrol; Postman Pat; Fireman Sam; Bob the Builder;
Thomas the Tank Engine; Kurt Cobain; Robin Williams; Prime Minister; King Charles; the King;
the Queen; Grim Reaper; Big Brother; Mr Men; Little Miss; Mr Motivator; Captain Hindsight;
Cain and Abel; Cain; Jacob and Esau; Esau; Lot's wife; Salome; Herod; Pontius Pilate; Pilate;
Nebuchadnezzar; Methuselah; Doubting Thomas; Sodom and Gomorrah; Solomon's judgement;
Demeter; Medea; Antigone; Clytemnestra; Pygmalion; Orpheus; Eurydice; Tantalus; Damocles;
Cerberus; Trojan Horse; Achilles heel; Jekyll; Raskolnikov; Heathcliff and Cathy; Cathy and
Heathcliff; Lady Bountiful; Lady Chatterley; Mrs Bennet; Mr Collins; Bertha Mason; Becky Sharp;
Miss Trunchbull; Trunchbull; Hyacinth Bucket; Mrs Bucket; Del Boy; Rodney Trotter; Basil Fawlty;
Victor Meldrew; Alf Garnett; Mrs Malaprop; Walter White; Tony Soprano; Lisbeth Salander;
Holly Golightly; Blanche DuBois; Willy Loman; Atticus Finch; Boo Radley; Lennie and George;
Tiny Tim; Artful Dodger; Bill Sikes; Nancy and Bill Sikes; Ross Poldark; Captain Ahab; Ahab;
Moby Dick; Robinson Crusoe; Man Friday; Gulliver; Cinderella's; Little Red Riding Hood;
Goldilocks; Rumpelstiltskin; Hansel and Gretel; the Big Bad Wolf; Wicked Witch; Peter Rabbit
"""

# Idioms, epithets, pairs and eponymous sayings built on a name ("Smart Alec", "Nosey Parker",
# "Peeping Tom", "Hobson's choice", "Dean's list", "Darby and Joan"), and brands and mascots that
# are a name ("Uncle Ben's", "Mr Kipling", "Tia Maria", "Calvin Klein"): they name nobody.
IDIOMS = """
Smart Alec; Smart Alecs; Smart Aleck; Nosey Parker; Nosy Parker; Plain Jane; Nervous Nellie;
Nervous Nelly; Lazy Susan; Bloody Mary; Peeping Tom; Moaning Myrtle; Moaning Minnie;
Good Time Charlie; Champagne Charlie; Cheeky Charlie; Typhoid Mary; Billy No-Mates;
Billy No Mates; Johnny-come-lately; Johnny Come Lately; Jack the lad; Jack-the-lad;
Bob's your uncle; Tom Thumb; Uncle Tom; Jack of all trades; Jack-in-the-box; Dear John;
Dear John letter; Average Joe; Silly Billy; Clever Dick; Clever Clogs; Flash Harry;
Jack and Jill; Tom and Jerry; Punch and Judy; Darby and Joan; Adam and Eve; Bonnie and Clyde;
Thelma and Louise; Tweedledum and Tweedledee; Laurel and Hardy; Morecambe and Wise;
Bill and Ben; Sooty and Sweep; Barbie and Ken; Posh and Becks; Richard and Judy;
Torvill and Dean; Fanny Adams; Sweet Fanny Adams; Sweet FA; Heath Robinson; Billy Liar;
Billy Bunter; Dennis the Menace; Just William; Hobson's choice; Murphy's law; Sod's law;
Occam's razor; Ockham's razor; Hanlon's razor; Sophie's choice; Dean's list; Pavlov's dog;
Pavlov's dogs; Chekhov's gun; Catch-22; Achilles' heel; Achilles heel; Pandora's box;
Parkinson's law; Godwin's law; Buridan's ass; Morton's fork; Maslow's hammer; Peter principle;
Pygmalion effect; Matthew effect; Mandela effect; Streisand effect; Barnum effect; Forer effect;
Rosenthal effect; Zeigarnik effect; Baader-Meinhof; Oedipus complex; Electra complex;
Florence Nightingale effect; Judas kiss; Lolita; Mrs Robinson; Uncle Ben's; Aunt Bessie's;
Mr Muscle; Mr Kipling; Mr Sheen; Mr Whippy; Mr Blobby; Captain Birdseye; Captain Morgan;
Colonel Sanders; Ronald McDonald; Ronald McDonald House; Aunt Jemima; Betty Crocker;
Tia Maria; Ben & Jerry's; Ben and Jerry's; Jimmy Choo; Calvin Klein; Tommy Hilfiger;
Ralph Lauren; Hugo Boss; Ted Baker; Karen Millen; Ben Sherman; Fred Perry; Jack Wills;
Jo Malone; Laura Ashley; Morgan Stanley; Goldman Sachs; JP Morgan; Dr Martens; Doc Martens;
Dr Pepper; Dr Oetker; Dr Who; Father Ted; Sister Act; Uncle Tom's Cabin; Auntie Beeb;
Granny Smith; Billy Elliot; Jack Frost; St Dymphna; Saint Dymphna; St Christopher medal;
Mother Mary; Blessed Virgin; Dame Edna
"""

# Names from scripture that are given names too: known only with scripture near ("Rachel
# weeping for her children, the chaplain said", "the same verse from Ruth", "Doubting Thomas").
SCRIPTURE = """
Abraham; Sarah; Isaac; Rebecca; Rebekah; Jacob; Rachel; Leah; Joseph; Benjamin; Moses; Aaron;
Miriam; Joshua; Deborah; Ruth; Naomi; Boaz; Hannah; Samuel; Saul; David; Jonathan; Solomon;
Elijah; Elisha; Esther; Job; Jonah; Daniel; Isaiah; Jeremiah; Ezekiel; Adam; Eve; Abel; Noah;
Mary; Martha; Lazarus; Peter; Paul; John; Thomas; Matthew; Mark; Luke; Judas; Magdalene;
Zacchaeus; Gabriel; Michael; Delilah; Samson; Goliath; Bathsheba; Jezebel; Joanna; Elizabeth
"""
_SCRIPTURE_CUE = re.compile(
    r"(?<![\w])(?:bible|biblical|verses?|scripture|psalms?|gospel|testament|sermon|parable"
    r"|chaplain|book[ \u00a0]+of|pastor|vicar|priest)(?![\w])",
    re.IGNORECASE,
)

# Drug brands a trainee names (psychiatry and the medicines around it).
BRANDS = """
Risperdal Consta; Risperdal; Consta; Abilify Maintena; Abilify; Maintena; Xeplion; Trevicta;
Byannli; Invega; Zyprexa; ZypAdhera; Clozaril; Denzapine; Zaponex; Seroquel; Seroquel XL; Solian;
Dolmatil; Haldol; Haldol Decanoate; Depixol; Clopixol; Modecate; Piportil; Largactil; Stelazine;
Latuda; Reagila; Sycrest; Risperdal Quicklet; Priadel; Camcolit; Liskonum; Depakote; Epilim;
Epilim Chrono; Tegretol; Lamictal; Keppra; Topamax; Neurontin; Lyrica; Prozac; Cipramil; Cipralex;
Lustral; Zoloft; Seroxat; Efexor; Efexor XL; Cymbalta; Zispin; Valdoxan; Brintellix; Spravato;
Elvanse; Concerta; Concerta XL; Ritalin; Equasym; Medikinet; Xenidate; Strattera; Intuniv;
Buvidal; Subutex; Suboxone; Espranor; Physeptone; Prenoxad; Nyxoid; Antabuse; Campral; Selincro;
Pabrinex; Valium; Ativan; Xanax; Librium; Stilnoct; Zimovane; Circadin; Slenyto; Nytol; Sominex;
Phenergan; Kemadrin; Aricept; Ebixa; Reminyl; Exelon; Champix; Zyban; Nicorette; Oramorph;
Zydol; Calpol; Gaviscon; Movicol; Senokot; Fybogel; Microgynon; Depo-Provera; Mirena; Nexplanon;
Viagra; Truvada; Diazemuls; Stesolid; Buccolam; Epistatus; Ozempic; Wegovy; Mounjaro;
Nurofen; Anadin; Lemsip; Beechams; Strepsils; Sudafed; Benylin; Piriton; Buscopan; Imodium;
Dioralyte; Rennie; Canesten; Voltarol; Losec; Nexium; Zoton; Ventolin; Seretide; Symbicort;
EpiPen; Fucidin; Daktarin; Sinemet; Madopar; Clexane; Fragmin; Lantus; NovoRapid; Humalog;
Fortisip; Ensure; Laxido; Senna; Senokot; Saxenda; Narcan; Kardex; Cardex
"""

# Services, documents, organisations, shops and brands that name nobody.
SERVICES = """
Assertive Outreach; Assertive Outreach team; Early Intervention; Home Treatment Team;
Crisis Resolution; Community Mental Health Team; Serious Incident; Serious Untoward Incident;
Maudsley Prescribing Guidelines; Maudsley Guidelines; Maudsley Prescribing; the Maudsley
guidelines; Oxford Handbook; Oxford Textbook; Shorter Oxford; BNF; British National Formulary;
NICE guidelines; Royal College; Royal College of Psychiatrists; General Medical Council; Care
Quality Commission; Mental Health Tribunal; First-tier Tribunal; Court of Protection; Crown
Court; Magistrates Court; Citizens Advice; Samaritans; Shout; Mind; Rethink; Papyrus; Shelter;
Alcoholics Anonymous; Narcotics Anonymous; Cruse; Relate; Women's Aid; Refuge; Age UK; Salvation
Army; Red Cross; St John Ambulance; Jobcentre Plus; Universal Credit; Personal Independence
Payment; Greggs; Tesco; Asda; Aldi; Lidl; Morrisons; Sainsbury's; Waitrose; Primark; Boots;
Superdrug; Argos; Wetherspoons; Wetherspoon's; McDonald's; Nando's; Burger King; KFC; Costa;
Starbucks; Pret; Subway; Domino's; Amazon; Deliveroo; Uber Eats; Just Eat; Netflix; Spotify;
Hollywood; Bollywood; Disney; Strictly; Love Island; EastEnders; Coronation Street; Emmerdale;
Hollyoaks; Doctor Who; Match of the Day; Big Issue; Premier League; Champions League;
St John's wort; St John's Wort; St Johns wort; St David's Day; St Patrick's Day; St Andrew's Day;
St George's Day; St Valentine's Day; St Swithin's Day; St Stephen's Day; St Dwynwen's Day;
St Piran's Day; St Brigid's Day; St Patrick's Night; St Davids Day; St Patricks Day; Black History Month; Mental Health Awareness Week; World Mental Health Day; Time to Change;
Mental State Examination; Kempt; Datix; Ulysses; RiO; SystmOne; EMIS; Carenotes;
Airbnb; Depop; Vinted; Gumtree; Grindr; Tinder; Hinge; Bumble; Klarna; Monzo; Reddit; Ryanair;
easyJet; Wilko; Poundland; Xbox; PlayStation; Nintendo; Zoopla; Rightmove; Juul; Elf Bar; Carling;
Lambrini; Smirnoff; Buckfast; Stella Artois; Strongbow; Glenfiddich; Frosty Jack's
"""


# Figures whose names are also people's given names: known only after a word that makes them a
# comparison ("she's our Cassandra", "a proper Juliet", "like Ophelia").
ALLUSIONS = """
Cassandra; Ophelia; Juliet; Romeo; Penelope; Hermione; Electra; Pandora; Delilah; Echo; Portia;
Moses; Noah; Abraham; Samson;
Cordelia; Desdemona; Miranda; Juno; Venus; Diana; Bambi; Barbie; Pinocchio; Alice
"""
_ALLUSION_CUE = (
    r"(?:like|a|an|the|our|my|proper|real|typical|classic|modern[- ]day|regular|bit[ \u00a0]+of"
    r"[ \u00a0]+a|as)[ \u00a0]+"
)


def _phrases(block: str) -> list[str]:
    return sorted(
        {" ".join(p.split()) for p in block.replace("\n", " ").split(";") if p.strip()},
        key=len,
        reverse=True,
    )


def _pattern(phrases: list[str]) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"[ \u00a0]+") for p in phrases)


@cache
def _index() -> dict[str, re.Pattern[str]]:
    """First word (lower case) -> one pattern for the phrases starting with it, longest first."""
    by_first: dict[str, list[str]] = {}
    for p in _phrases(";".join((EPONYMS, FIGURES, BRANDS, SERVICES, IDIOMS))):
        by_first.setdefault(re.sub(r"['\u2019]s$", "", p.split()[0].lower()), []).append(p)
    return {
        first: re.compile(rf"(?:{_pattern(ps)})(?:['\u2019]s)?(?![\w])", re.IGNORECASE)
        for first, ps in by_first.items()
    }


@cache
def _allusions() -> re.Pattern[str]:
    return re.compile(
        rf"\b{_ALLUSION_CUE}(?P<n>{_pattern(_phrases(ALLUSIONS))})(?![\w])", re.IGNORECASE
    )


_WORD = re.compile(r"(?<![\w'\u2019])[A-Za-z\u00c0-\u024f][\w\-]*")


def known_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a known non-identifying phrase (each word looked up by itself,
    the phrases starting with it tried only there)."""
    index = _index()
    spans = []
    for w in _WORD.finditer(text):
        rx = index.get(w.group().lower())
        if rx is not None and (m := rx.match(text, w.start())):
            spans.append((m.start(), m.end()))
    spans += [(m.start("n"), m.end("n")) for m in _allusions().finditer(text)]
    if _SCRIPTURE_CUE.search(text):
        from bot.domain.deidentify.given import _AFTER_VERBS  # noqa: PLC0415

        for m in _scripture().finditer(text):
            nxt = _NEXT_WORD.match(text, m.end())
            if nxt is None or nxt.group(1).lower() not in _AFTER_VERBS:
                spans.append((m.start(), m.end()))  # not "Ruth rang about the bible group"
    return spans


_NEXT_WORD = re.compile(r"[ \u00a0]+([\w'\u2019]+)")


@cache
def _scripture() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?:{_pattern(_phrases(SCRIPTURE))})(?![\w])")

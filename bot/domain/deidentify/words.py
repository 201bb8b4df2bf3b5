"""Word lists for the name and place heuristics in ``bot.domain.deidentify``.

Kept apart from the logic so they can grow when the benchmark shows a false alarm.
All entries are lower case.
"""

from __future__ import annotations


def _words(s: str) -> frozenset[str]:
    return frozenset(w.lower() for w in s.split())


# Common first names (UK, a spread of heritages). Used to accept a capitalised pair at the start
# of a sentence ("Priya Shah came in") where the first word would otherwise be ambiguous.
FIRST_NAMES = _words(
    """
    aaliyah aaron abdul abdullah abigail adam adebayo adele adrian agnes ahmed aidan aisha alan
    albert alex alexander alexandra alfie ali alice alison amanda amber amelia amir amit amy ana
    andrea andrew angela anil anita ann anna anne annie anthony anton archie arjun arthur asha ashley
    audrey ava barbara barry bashir beatrice ben benjamin bernard beth bethany bilal bill billy bob
    bogdan bonnie brandon brenda brian bridget callum cameron carl carla carol caroline catherine
    charles charlie charlotte chen chidi chloe chris christine christopher ciara claire clara colin
    connor craig dale daniel danielle darren david dawn dean deborah declan deepa denise dennis derek
    diana diane dominic donald donna doreen dorothy douglas duncan dylan edward eileen elaine eleanor
    elena eliza elizabeth ella ellie emily emma eric erin ethan eve evelyn fatima fiona florence
    frances francesca frank fraser freddie gareth gary gavin gemma geoffrey george georgia gerald
    gillian gina glen gordon grace graham gregory hamza hannah harriet harry harvey hassan hazel
    heather helen henry holly hugh hussain ian imran isaac isabel isabella isla ivan jack jacob jade
    james jamie jan jane janet jasmine jason jay jean jennifer jenny jeremy jessica jill joan joanne
    joe joel john jonathan jordan joseph josephine josh joshua joy joyce judith julia julie june
    justin kamal karen karim kate katherine kathleen katie kayleigh keith kelly kenneth kerry kevin
    khalid kieran kim kirsty kwame kyle laura lauren leah lee leo leon lesley lewis liam lily linda
    lisa liz logan lois louise lucy luke lydia lynn maggie mandy marcus margaret maria marie marion
    mark martha martin mary matthew maureen megan melanie melissa mia michael michelle mike mohammed
    mohammad muhammad molly monica nadia naomi natalie nathan neil nicholas nicola nigel nina noah
    noel norman oliver olivia omar oscar owen paige pamela patricia patrick paul pauline peter philip
    phoebe piotr poppy priya rachel rahul rajesh ravi rebecca reece rhys richard rita rob robert robin
    rose ross ruby rudi rupert russell ruth ryan sadia sally samantha samuel sandra sara sarah scott
    sean shabana shane sharon shaun sheila shirley simon sinead sofia sophie stacey stanley stephanie
    stephen steve steven stuart sue susan suzanne tanya teresa terry thomas tim timothy tina toby tom
    tommy tony tracey tracy trevor valerie vanessa victoria vikram vincent violet wayne wendy william
    yasmin yusuf zainab zara zoe
    """
)

# Capitalised words that are not people's names in this kind of text: calendar, titles, roles,
# services, diagnoses, legal words, places and organisations, faiths, nationalities, apps.
NOT_NAMES = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    christmas easter eve new year years day days night holiday holidays bank boxing good ramadan eid
    diwali hanukkah passover lent advent halloween valentine valentines mothers fathers
    mr mrs ms miss mx dr doctor prof professor sir dame lady lord nurse sister matron
    consultant registrar trainee junior senior foundation core specialty specialist fellow
    psychiatrist psychiatrists psychologist psychotherapist therapist counsellor social worker
    workers manager lead leader coordinator care coordinator practitioner practitioners clinician
    approved professional responsible officer officers police constable detective sergeant inspector
    paramedic paramedics ambulance court crown magistrates tribunal tribunals probation prison
    mental health act acts capacity section sections deprivation liberty safeguards order orders
    community treatment team teams service services crisis home resolution intervention early
    assessment liaison inpatient outpatient outpatients acute adult adults older people child
    children adolescent adolescents young family families perinatal forensic secure rehabilitation
    rehab recovery addiction addictions substance misuse drug drugs alcohol learning disability
    disabilities autism eating disorder disorders personality emotionally unstable borderline
    antisocial bipolar affective schizophrenia schizoaffective psychosis psychotic depression
    depressive anxiety generalised panic obsessive compulsive post traumatic stress ptsd dementia
    delirium alzheimer alzheimers parkinson parkinsons huntington cognitive behavioural behaviour
    behavior therapy therapies dialectical mentalization mentalisation based analytic psychodynamic
    psychoanalytic systemic interpersonal schema compassion focused acceptance commitment emdr
    balint group groups session sessions case cases discussion supervision reflective practice
    royal college general medical council nursing midwifery university school schools hospital
    hospitals ward wards unit units clinic clinics centre center trust trusts board boards surgery
    surgeries department emergency accident intensive psychiatric medicine medicines medical health
    national institute excellence nice quality commission cqc integrated primary secondary tertiary
    specialised north south east west northern southern eastern western central greater upper lower
    england scotland wales ireland northern britain british english scottish welsh irish european
    europe african africa american america asian asia caribbean polish romanian indian pakistani
    bangladeshi chinese nigerian ghanaian somali turkish kurdish syrian afghan iraqi iranian
    jamaican french german spanish italian portuguese russian ukrainian arabic urdu punjabi bengali
    hindi tamil gujarati muslim christian jewish hindu sikh buddhist catholic protestant church
    mosque temple synagogue god jesus christ allah lord bible quran koran prayer
    london manchester birmingham leeds glasgow edinburgh cardiff belfast bristol liverpool
    sheffield newcastle nottingham leicester brighton oxford cambridge
    google facebook instagram tiktok whatsapp snapchat twitter youtube discord zoom teams microsoft
    outlook word excel powerpoint netflix amazon apple iphone android samsung uber tesco
    lithium clozapine olanzapine risperidone quetiapine aripiprazole haloperidol sertraline
    fluoxetine citalopram mirtazapine venlafaxine duloxetine diazepam lorazepam zopiclone
    pregabalin methadone buprenorphine naltrexone depakote valproate lamotrigine paliperidone
    the a an and or but so then when while after before during since until because although though
    if as at by for from in into of on onto over to with without about above across against along
    among around behind below beneath beside between beyond inside near off out outside through
    throughout toward towards under underneath up upon within
    i me my mine myself we us our ours ourselves you your yours yourself he him his himself she her
    hers herself it its itself they them their theirs themselves this that these those who whom whose
    which what where why how there here
    all any both each either every few many more most much neither no none nothing one other others
    several some such anyone anything everyone everybody everything someone somebody something
    not very really just only also even still yet already again always never often sometimes
    perhaps maybe probably possibly certainly clearly obviously actually honestly frankly hopefully
    unfortunately fortunately sadly luckily interestingly apparently eventually finally initially
    later earlier recently currently previously today tomorrow yesterday tonight now soon afterwards
    meanwhile however therefore thus hence instead otherwise besides moreover furthermore overall
    anyway anyhow indeed yes no okay ok oh well hi hello dear thanks thank please sorry
    is am are was were be been being have has had having do does did doing will would shall should
    can could may might must
    last next first second third fourth fifth final initial recent early late
    patient patients client clients service user users carer carers mum mother dad father parent
    parents brother sister son daughter husband wife partner boyfriend girlfriend friend friends
    grandmother grandfather gran grandad nan aunt uncle cousin baby
    chief executive director directors medical officer clinical governance safeguarding adult
    note notes summary plan plans history presenting complaint complaints background impression
    formulation risk risks management diagnosis differential examination state mse investigations
    results discharge admission admissions referral referrals review reviews update updates
    reflection reflections feeling feelings theme themes question questions transference
    countertransference countertransferential relationship relationships boundary boundaries
    part week weeks month months morning afternoon evening
    universal credit allowance benefit benefits citizens advice samaritans alcoholics narcotics
    anonymous gamblers shelter rethink mind housing association council councils office agency
    street road avenue lane drive square gardens crescent terrace station airport
    jobcentre plus department work pensions dwp personal independence payment employment support
    act bill law laws protection attorney power league club cup union party association society
    charity fund insurance company ltd limited plc network alliance partnership project programme
    campaign movement army navy air force forces regiment corps witness witnesses chapel cathedral
    abbey academy institute museum gallery theatre cinema library market stadium arena
    history month awareness pride big issue
    auntie aunty nana nanna grandma grandpa granny grandad grampa sis bro
    supervisor educational tutor trainer mentor chair secretary administrator receptionist
    advocate chaplain imam rabbi vicar priest pastor reverend father saint holy spirit
    island islands wars war pass badge aid finance carnival festival fair parade show shows
    awards award prize marathon series film films movie movies book books story game games
    news sport sports radio tv channel world star stars kingdom empire planet fm
    come go get make take give see know think feel want need hate live die fight run talk play
    stop start help keep let put say tell ask dancing strictly
    och aye wean bairn eejit youse yer craic
    united rovers wanderers athletic albion hotspur city mail telegraph guardian express mirror
    herald gazette echo chronicle
    namaste shalom salaam salam inshallah insha mashallah wallahi habibi habibti bismillah
    alhamdulillah subhanallah ciao adios hola
    pentecostal evangelical methodist baptist anglican presbyterian quaker quakers mormon
    adventist orthodox coptic rastafarian jehovah jehovahs lutheran calvinist salvationist
    tigrinya amharic oromo pashto dari farsi sorani kurmanji sylheti telugu malayalam nepali
    tagalog twi yoruba igbo hausa swahili ndebele xhosa lingala wolof krio patois
    lithuanian latvian bulgarian albanian mandarin cantonese hakka vietnamese hebrew greek
    """
)

# Capitalised words that start sentences but are not names (checked only at a sentence start).
SENTENCE_STARTERS = NOT_NAMES | _words(
    """
    looking walking talking thinking feeling reading writing listening sitting waiting working
    having getting going coming seeing hearing knowing trying wanting needing leaving arriving
    reflecting discussing speaking given despite whereas whilst unlike like along alongside
    something nobody everybody anybody somehow somewhere everywhere nowhere anywhere
    sure fine great good bad right wrong true false poor lovely strange odd funny weird
    afterward thereafter lately later again once twice
    """
)

# Heads of named institutions (multi-word heads are matched in the place regex).
PLACE_GENERIC = _words(
    """
    the a an our my his her their your this that its local nearby same other another new old main
    acute adult adults older people person persons psychiatric psychiatry mental health general
    district community day inpatient inpatients outpatient outpatients intensive care mother baby
    and of for with eating disorder disorders crisis assessment treatment rehab rehabilitation secure
    medium low high forensic teaching university college hospital hospitals nhs foundation trust
    trusts ward wards unit units clinic clinics centre center surgery surgeries practice practices
    medical group house lodge hospice infirmary memory perinatal gender identity sexual addiction
    addictions drug alcohol substance misuse early intervention psychosis liaison ect pain sleep
    diabetes antenatal fracture family child children adolescent young depot clozapine lithium
    learning disability disabilities neuro neurology neuropsychiatry psychology psychotherapy
    therapy therapies therapeutic recovery respite emergency admissions admission accident urgent
    walk in plastic orthopaedic cardiac vascular dental eye maternity paediatric paediatrics
    private specialist specialised regional national teaching psychiatric-intensive picu section
    places place place-of-safety safety safe haven job jobcentre leisure shopping sports
    health-based based psychiatric-liaison older-adult elderly geriatric geriatrics stroke renal
    cancer oncology haematology a&e resuscitation observation short stay crown magistrates family
    county high youth gp gps
    """
)

# Surnames that, on their own, are theorists, eponyms or institutions this group talks about
# rather than patients ("Winnicott's good-enough mother", "a Kleinian split", "Capgras").
NOT_PATIENT_NAMES = _words(
    """
    balint winnicott bion klein freud jung adler bowlby ainsworth lacan kohut kernberg rogers
    linehan fonagy bateman beck ellis erikson maslow yalom ogden heimann racker searles casement
    laing szasz foucault goffman bleuler kraepelin jaspers schneider mahler anna horney sullivan
    fairbairn guntrip balint's main rycroft malan menzies lyth stern
    capgras cotard korsakoff wernicke ganser fregoli munchausen asperger tourette huntington
    parkinson alzheimer clerambault ekbom bonnet kluver bucy cushing addison graves hashimoto
    wilson turner klinefelter fahr creutzfeldt jakob lewy pick tourettes aspergers
    nice cqc gmc bma nhs mhra ofsted dvla dwp hmrc
    austen dickens shakespeare bronte orwell tolkien rowling
    hosp obs meds rio paris emis systmone lorenzo cerner epic ward wards
    """
)

# Words for kin in the languages of UK families, used like "Nan" ("my Nani in Lahore", "her
# Babcia"): they name nobody on their own. Left out: those that are common given names too
# (Lola, Bibi, Tita).
KIN_ABROAD = _words(
    """
    nani nanima naniji nanaji dadi dadima dadiji dadaji ammi ammu abbu amma appa ammachi
    achan khala khalu chacha chachi phupho phuppo mamu mamoo mami thatha paati
    nain taid bapu bapuji biji beeji bebe pitaji mataji mata pita bhabhi
    babcia dziadek babushka dedushka bunica oma opa omi opi oupa ouma nonna nonno abuela abuelo
    abuelita abuelito avo avó vovo vovó yiayia pappou ninna
    """
)


# After a name, a thing named after someone or made by someone famous ("Victoria line",
# "Geordie accent", "Stanley knife", "Marcus Garvey posters", "Andrew Tate videos"): not a
# person of the story (a possessive is: "Callum's shirt").
THING_AFTER = _words(
    """accent accents line station sponge knife knives terrier spaniel biscuit biscuits haircut
    poster posters ticket tickets concert concerts gig gigs lyrics album albums fan fans tribute
    impression impressions sandwich sauce cocktail lager gin vodka whisky videos video songs
    podcast podcasts documentary documentaries interviews memes tweets quotes novels films movies
    boxset biography autobiography memoir tour mural murals t-shirt tshirt merch playlist"""
)

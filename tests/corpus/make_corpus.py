"""Generate tests/corpus/deid_corpus.jsonl: synthetic, labelled snippets for the de-id gate.

Every identifier is a fictional fixture: NHS numbers in the 999 range that pass Modulus 11,
random CHI numbers, Ofcom drama phone numbers, ZZ99 pseudo-postcodes, example.com/.org/.net
addresses, invented names and places. The clean snippets are written in the voice of a trainee
describing a difficult patient relationship, with the decoys the gate must not flag (doses,
grades, ICD codes, durations, weekdays, Mental Health Act sections, scores, years, young ages).

Run: python tests/corpus/make_corpus.py   (deterministic; rewrites the .jsonl beside it)
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("deid_corpus.jsonl")

# --------------------------------------------------------------------------------------
# Clean snippets (no identifiers). Written before the detectors were tuned on them.
# --------------------------------------------------------------------------------------

CLEAN = [
    "I have been seeing a woman in her 40s for about six months and I dread Thursday afternoons. She always arrives twenty minutes late and then says I never give her enough time.",
    "He was detained under Section 2 last spring and has never forgiven us. Every time I go onto the ward he turns his back and talks to the nurse instead.",
    "I'm a CT2 and this is my first long-term therapy case. I notice I over-prepare for every session and then feel stupid when she cancels.",
    "She was started on sertraline 50 mg and titrated to 100 mg, but she tells me the tablets are poison and that I am trying to make her fat.",
    "The diagnosis on the system is F60.3 and I worry that everyone on the team reads her through that label, me included.",
    "A man in his 60s with a long history of alcohol use. When he is drunk he rings the Crisis Team and asks for me by name, which makes me feel both flattered and trapped.",
    "I felt furious after the ward round on Monday and I'm not sure why. The patient said nothing unusual; it was the way the consultant laughed.",
    "She scored 18 on the PHQ-9 and 15 on the GAD-7, and I found myself thinking she was exaggerating, which is not like me.",
    "He is 34, works nights and brings me printouts about his medication. I feel he is testing whether I am competent, and maybe I am not.",
    "Looking back, I think I wanted to rescue her. My supervisor asked whether the rescue was for her or for me, and I did not have an answer.",
    "The Home Treatment Team have been visiting twice a day since the overdose. She tells them she is fine and tells me she wants to die.",
    "I am an ST4 on the Early Intervention service. This young man reminds me of my brother, and I keep catching myself being too lenient.",
    "Honestly, I dread the phone ringing on a Friday. She tends to call the duty line at 16:45 in crisis, just as everyone is leaving.",
    "Her MMSE was 24/30 and her daughter thinks we are not doing enough. The daughter shouts at me in every meeting and I go quiet.",
    "He was placed on a Section 136 by the police and brought to the place of safety at 03:00. By morning he was charming, and I felt foolish for worrying.",
    "We reduced the olanzapine from 20 mg to 15 mg at her request. Since then she has been warmer with me, and I don't trust it.",
    "I'm an FY2 on a four-month psychiatry rotation, and one patient on bed 4 keeps asking me to sit with him at night. I don't know where the boundary is.",
    "She has been with our service since 2019 and has had five care coordinators. I am the sixth and I feel I am being auditioned.",
    "The patient, a man in his 50s, has a diagnosis of F20.0 and lives alone. He asks me personal questions and I notice I answer more than I should.",
    "My first thought when I saw her name on the clinic list was 'not again'. I feel guilty about that, because she is clearly suffering.",
    "He tells me that the last doctor was useless and that I am the only one who understands. Part of me likes it and part of me is frightened by it.",
    "She takes lithium 800 mg at night and her level was 0.7 last week. She refuses to let me talk about anything except her blood tests.",
    "I was on call on Saturday and admitted a young woman who had self-harmed. She reminded me of a friend from school and I struggled to stay professional.",
    "The Mental Health Act assessment took three hours. Afterwards the family thanked everyone except me, and I felt invisible.",
    "Every week he brings a list of complaints about the nurses. I have started to feel like his secretary rather than his psychiatrist.",
    "She said I look too young to be a doctor. I laughed it off, but I have been replaying it all week.",
    "He is an older man in his 80s with depression who calls me 'young lady' in every appointment. I don't know whether to correct him.",
    "My supervisor thinks the patient is splitting the team, and I'm the 'good' one. It doesn't feel good.",
    "We have a CPA review on Wednesday and I am dreading it, because I have to tell her that the therapy waiting list is eighteen months.",
    "She missed three appointments in a row and then turned up at A&E asking for me. The registrar rang me at home and I felt responsible.",
    "He has capacity, he says he wants to leave, and I have to let him go. I keep thinking about it at night.",
    "After the session I sat in the car for ten minutes before I could drive. She had described her childhood in such detail that I felt sick.",
    "The patient is on clozapine 350 mg and has gained a lot of weight. He says I did this to him, and in a sense I did.",
    "I don't like him. There, I said it. I have never said that about a patient before, and I want to understand why.",
    "She brings me small gifts: a card, a chocolate bar, a drawing. I have accepted them and now I don't know how to stop.",
    "When I suggested we think about discharge she cried for the whole hour. The following day she sent a long email to the complaints team.",
    "My consultant told me to 'hold the boundary' but didn't say what that meant in practice. I feel very alone with this one.",
    "He speaks Polish and English and switches to Polish whenever he is angry. I feel shut out and slightly relieved at the same time.",
    "A woman in her 30s with emotionally unstable personality disorder. She tells me I am the best doctor she has ever had, and then the worst, sometimes within one sentence.",
    "The nurses say she is manipulative. I hate that word but I catch myself thinking it.",
    "He wants a letter for the housing office saying he needs a ground-floor flat. I don't think he does, and I feel mean for saying no.",
    "She has had ECT twice before and wants it again. I am unsure, and she can tell, and she says I am a coward.",
    "We were told in teaching that countertransference is information. Today the information is that I wanted to end the session early.",
    "I'm a core trainee and this is my first Balint case. I chose it because I keep thinking about this patient on my days off.",
    "He was reviewed at 09:00 and again at 14:30. Between the two reviews he told three different staff three different stories.",
    "His PHQ-9 came down from 22 to 9 over two months, but he insists nothing has changed. I feel cheated of a success.",
    "She asked whether I have children. I said I don't discuss my personal life and she said 'so that's a no'. I felt exposed.",
    "He is a retired teacher in his 70s who corrects my grammar in clinic letters. I find it funny and humiliating in equal measure.",
    "I saw him on Tuesday and again on Thursday and both times he shouted. I now leave the door open and sit closer to it.",
    "Her mum rings every day. Some days I find the mum harder than the patient.",
    "The team call him a frequent attender. He has come to the Emergency Department forty times this year, and each time he asks for the psychiatrist.",
    "She wanted me to promise I wouldn't tell anyone about the self-harm. I couldn't promise, and she hasn't spoken to me since.",
    "A young man under the Early Intervention service, 19, who stopped his aripiprazole 10 mg because it made him feel flat. I agree with him, which makes it harder.",
    "I became tearful in the ward round when the case was discussed. Nobody said anything and that was worse.",
    "He talks about his army days and calls me 'sir', which I find uncomfortable. I can't work out whether it's respect or mockery.",
    "The patient is 27, has a diagnosis of F31.1 and two small children. I worry about the children more than I worry about her, and she knows it.",
    "Every session starts with her asking whether I have read her notes. I always say yes. I haven't always.",
    "I keep being late for him, and I'm never late. My supervisor raised an eyebrow and I felt caught out.",
    "She has a Community Treatment Order and hates it. She says it's a leash and I'm the one holding it.",
    "He sends me messages through the receptionist, who passes them on with a roll of the eyes. I don't know how to protect him from that.",
    "I have been covering the ward for two weeks. One patient told me I was 'the nice one' and I felt the other doctors had been criticised through me.",
    "After our third appointment she said she had looked me up online. I haven't been able to relax in the room since.",
    "The safeguarding meeting was on Monday morning. The social worker spoke for an hour and I didn't feel able to disagree.",
    "She is a nurse herself and knows the system inside out. I feel she is always a step ahead of me.",
    "I prescribed diazepam 5 mg three times a day for a week, and she asked for more on day four. Saying no made me feel like a jailer.",
    "He laughed when I explained the side effects. I think he was laughing at how nervous I was.",
    "My patient is a woman in her 50s who was sectioned under Section 3 for the first time this year. She says I betrayed her, because I was the one who called the AMHP.",
    "It's a relief when he doesn't turn up, and then I feel guilty for feeling relieved.",
    "In supervision I realised I've been avoiding asking him about his drinking. I think I'm scared of what he'll say.",
    "She has been in and out of hospital since she was 16. Every admission starts with hope and ends with anger, mostly at me.",
    "The patient is an older woman with dementia whose son visits every Sunday. She thinks I am her granddaughter and I haven't corrected her.",
    "He refused bloods, refused the ECG and then complained that nobody was checking his heart. I felt set up.",
    "There was an incident on the ward on Friday night and I was the doctor on call. He blames me, and I partly blame myself.",
    "She was discharged to the GP last month. I miss her, which surprised me.",
    "When he is unwell he believes I am working for MI5. When he is well he apologises profusely, and I never know which version will arrive.",
    "The tribunal upheld the section. He shook my hand afterwards and said 'no hard feelings, doc'. I had hard feelings.",
    "I am a trainee in my third year. This patient makes me feel like a medical student again.",
    "She speaks very quietly and I have to lean in to hear her. By the end of each session my back aches and my head is full of her.",
    "He has a history of violence towards staff and I was told not to see him alone. I feel insulted on his behalf and frightened on mine.",
    "We talked about his father for the first time on Wednesday. He cried, and then he was furious with me for letting him cry.",
    "I wonder whether I'm too involved. I looked up her benefits appeal myself because I didn't trust anyone else to do it.",
    "The referral said 'treatment-resistant depression', and I think I went in expecting to fail. Maybe she picked that up.",
    "She asked to change doctor after I declined to increase her pregabalin. I felt relieved and rejected at the same time.",
    "He writes long letters to the Trust chief executive about his care, copying me in. Each one takes me a day to recover from.",
    "The patient is a man in his 20s on a medium secure unit. I have to be escorted to see him and the escort listens to everything.",
    "Before Christmas she told me she wouldn't be here in the new year. She is still here, and I still check my phone in the morning.",
    "I don't know how to talk about sex with him, and he keeps bringing it up. I change the subject and I think he notices.",
    "She calls me by my first name and insists I call her by hers. It feels friendly and slightly wrong.",
    "Every Monday I get an email from him with a list of questions. I answer them on Sunday nights, which is not sustainable.",
    "He has been on a depot, paliperidone 100 mg monthly, for two years. He says the injection is the only time anyone touches him.",
    "She has a Universal Credit assessment next week and wants me to write that she can't work. I think she can, and I feel cruel.",
    "He told me he has been going to Alcoholics Anonymous, but his liver tests say otherwise. I don't know whether to challenge him.",
    "After she left, I wrote nothing in the notes for an hour. I just sat there.",
    "My patient compares me with her previous psychiatrist in every session. Apparently I am less warm but 'better at paperwork'.",
    "She plays Call of Duty all night and sleeps all day, and her mother wants me to 'make her stop'. I feel caught in the middle.",
    "He watches Coronation Street with the other patients and it's the only time he seems calm. I almost envy him that.",
    "The case went to the Court of Protection and I had to write a report. She hasn't looked at me since.",
    "I am a Foundation doctor and felt out of my depth when he became aggressive. The Charge Nurse stepped in and I was grateful and ashamed.",
    "The Citizens Advice worker rang me to ask about his diagnosis, and I realised I didn't know what he wanted me to say.",
    "She had a PHQ-9 of 27 at referral and 25 now. Nothing we do seems to touch it, and I am running out of ideas.",
    "He was referred by his GP with 'low mood, ?bipolar'. After three sessions I still don't know, and he wants a label badly.",
    "I felt a wave of boredom halfway through the session, which I have learned to take seriously. What was she not saying?",
    "He's a 45-year-old builder who won't sit down in the room. He paces, and I find myself standing too.",
    "She asked me whether I was on the Royal College exam course, having overheard the nurses. I felt strangely caught out.",
]

# Decoy-dense clean snippets: things that look a bit like identifiers but are not.
DECOYS = [
    "Olanzapine 10 mg at night, 2.5mg PRN, and vitamin B12 500 micrograms daily.",
    "I'm CT1, my co-trainee is ST4 and our FY2 is on nights this week.",
    "Diagnoses: F20.0 and F32.1, with a query of F43.1.",
    "Symptoms for 2 years, worse over the last six months.",
    "Reviewed on Thursday at 09:00, then again at 17:30 in bed 4.",
    "Admitted under Section 2, later Section 3; initially brought in on a Section 136.",
    "PHQ-9 of 18, GAD-7 of 12, MMSE 24/30, ACE-III 82/100.",
    "Unwell since 2019, in and out of services since 2014.",
    "A man in his 40s, aged 34 when first seen; his mother is in her 90s.",
    "Blood pressure 128/84, pulse 96, BMI 31.2, HbA1c 48 mmol/mol.",
    "Lithium level 0.8 mmol/L; eGFR above 90.",
    "Seen 3 times in 2 weeks; 1 of 3 appointments attended.",
    "Ward round at 10:30 on Wednesday; MDT at 14:00.",
    "Clozapine 300 mg, titrated by 25 mg every 2 days.",
    "She is 89 years old and still lives independently.",
    "The ST6 and the CT3 covered on Saturday; the SAS doctor was on leave.",
    "Risk: 7/10 by her own rating; mood 3/10.",
    "Waiting list is 18 months; CBT offered for 16 sessions.",
    "In 2021 she moved house; in 2022 she lost her job.",
    "Sertraline 200 mg, mirtazapine 15 mg, and promethazine 25 mg when needed.",
    "The ward is closing, so the patients from bed 12 to bed 16 are moving.",
    "He was 17 at his first admission and is 23 now.",
    "Code F10.2 was added after the second admission.",
    "HoNOS total 14; CGI-S 5.",
    "On the 5th day of admission she settled.",
]

# --------------------------------------------------------------------------------------
# Fixture generators
# --------------------------------------------------------------------------------------


def mod11_check(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    c = 11 - total % 11
    if c == 11:
        c = 0
    return None if c == 10 else c


def nhs_number(rng: random.Random) -> str:
    while True:
        nine = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        c = mod11_check(nine)
        if c is not None:
            return nine + str(c)


def nhs_invalid(rng: random.Random) -> str:
    while True:
        nine = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        c = mod11_check(nine)
        bad = (c + 1) % 10 if c is not None else 0
        return nine + str(bad)


def chi_number(rng: random.Random, valid: bool = True) -> str:
    while True:
        d = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randint(0, 30000))
        nine = d.strftime("%d%m%y") + "".join(str(rng.randint(0, 9)) for _ in range(3))
        c = mod11_check(nine)
        if c is None:
            continue
        return nine + str(c if valid else (c + 1) % 10)


def spaced(digits: str, rng: random.Random, chi: bool = False) -> str:
    style = rng.choice(
        ["plain", "334", "334", "334h", "64"] if chi else ["plain", "334", "334", "334h"]
    )
    if style == "plain":
        return digits
    if style == "334":
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    if style == "334h":
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    return f"{digits[:6]} {digits[6:]}"


NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"


def ni_number(rng: random.Random) -> str:
    while True:
        p = rng.choice(NI_FIRST) + rng.choice(NI_SECOND)
        if p not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    d = "".join(str(rng.randint(0, 9)) for _ in range(6))
    s = rng.choice("ABCD")
    style = rng.choice(["plain", "pairs", "pairs", "lower"])
    if style == "plain":
        return f"{p}{d}{s}"
    if style == "lower":
        return f"{p}{d}{s}".lower()
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}"


def hospital_id(rng: random.Random) -> str:
    kind = rng.choice(["digits", "prefix", "k", "rio"])
    if kind == "digits":
        return "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(6, 9)))
    if kind == "prefix":
        return rng.choice(["RJ", "A", "HX", "MRN", "Q"]) + "".join(
            str(rng.randint(0, 9)) for _ in range(rng.randint(5, 8))
        )
    if kind == "k":
        return "K" + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return str(rng.randint(1000000, 9999999))


def zz99(rng: random.Random) -> str:
    s = f"ZZ99 {rng.randint(1, 9)}{rng.choice('VCWZ')}Z"
    style = rng.choice(["space", "space", "nospace", "lower"])
    if style == "nospace":
        return s.replace(" ", "")
    if style == "lower":
        return s.lower()
    return s


def drama_phone(rng: random.Random) -> str:
    n = rng.randint(0, 999)
    return rng.choice(
        [
            f"07700 900{n:03d}",
            f"07700900{n:03d}",
            f"+44 7700 900{n:03d}",
            f"+44 (0)7700 900 {n:03d}",
            f"01632 960{n:03d}",
            f"01632 960 {n:03d}",
            f"+44 1632 960{n:03d}",
            f"(01632) 960{n:03d}",
            f"020 7946 0{n:03d}",
            f"0113 496 0{n:03d}",
            f"0161 496 0{n:03d}",
            f"0131 496 0{n:03d}",
            f"+1 202 555 01{n % 100:02d}",
            f"+61 491 570 {rng.choice(['006', '156', '157', '158', '159', '110'])}",
        ]
    )


FIRST = [
    "Tamsin", "Oluwaseun", "Bartholomew", "Ines", "Priya", "Kwame", "Siobhan", "Lukasz", "Maryam",
    "Declan", "Ffion", "Tobias", "Chiamaka", "Rosalind", "Emeka", "Agnieszka", "Fergus", "Anwen",
    "Hamish", "Yusra", "Sarah", "David", "Margaret", "Mohammed", "Grace", "Callum",
]  # fmt: skip
SURNAMES = [
    "Quillfeather", "Marrowby", "Fennick", "Calloway-Brandt", "Thistlewood", "Okonjo-Reeve",
    "Vantreight", "Pemberley", "Ashcombe", "Nakashima-Hale", "Wrenfield", "Brackenbury",
    "O'Dorran", "McAllister", "Kowalczyk", "Halloran", "Osei-Whitlock", "Greaves", "Lindqvist",
    "Abernethy", "Dunmore", "Fairweather",
]  # fmt: skip
TITLES = ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mx", "Prof", "Mrs.", "Dr."]
PLACES = [
    "Rose Ward", "Willow Ward", "Larkspur Ward", "St Brigid's Hospital", "St. Aldhelm's Hospital",
    "Fernbrook NHS Foundation Trust", "Oxleas NHS Foundation Trust", "Kestrelmoor NHS Trust",
    "Riverside Surgery", "Maple Medical Centre", "Hollybank Health Centre", "Greenhill Clinic",
    "Ward 7B", "Ward 12", "Larkspur Unit", "Hollybank House", "Kestrel Lodge",
    "Elmstead Group Practice", "Queen Adelaide Hospital", "Brackenford General Hospital",
    "Cedar Court", "Mallow Lodge",
]  # fmt: skip
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def rand_date(rng: random.Random, lo: int = 1930, hi: int = 2024) -> dt.date:
    start = dt.date(lo, 1, 1)
    return start + dt.timedelta(days=rng.randint(0, (hi - lo) * 365))


def full_date(rng: random.Random, d: dt.date | None = None) -> str:
    d = d or rand_date(rng)
    style = rng.randint(0, 8)
    return [
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day:02d}-{d.month:02d}-{d.year % 100:02d}",
        d.isoformat(),
        f"{ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
        f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
        f"{d.day} {MONTHS[d.month - 1]} {d.year}",
        f"{d.day} {SHORT_MONTHS[d.month - 1]} {d.year}",
        f"the {ordinal(d.day)} of {MONTHS[d.month - 1]} {d.year}",
    ][style]


def day_month(rng: random.Random) -> str:
    d = rand_date(rng, 2020, 2024)
    return rng.choice(
        [
            f"{d.day} {MONTHS[d.month - 1]}",
            f"{ordinal(d.day)} {MONTHS[d.month - 1]}",
            f"{MONTHS[d.month - 1]} {ordinal(d.day)}",
            f"the {ordinal(d.day)} of {MONTHS[d.month - 1]}",
        ]
    )


def month_year(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(2015, 2024)}"


# --------------------------------------------------------------------------------------
# Templates: {X} is the identifier; the label covers exactly what replaces {X}.
# --------------------------------------------------------------------------------------

TEMPLATES: dict[str, list[str]] = {
    "nhs_number": [
        "Her NHS number is {X}, in case that helps.",
        "NHS no: {X}.",
        "I copied the header by mistake: {X} / female / referral from GP.",
        "He kept quoting his number, {X}, as if it proved something.",
        "Ref {X} on the letter from the ward.",
        "({X}) - sorry, that's from the discharge summary.",
        "NHS {X}",
        "The label on the blood form said {X} and I realised she had read it.",
    ],
    "nhs_ctx_invalid": [
        "NHS number {X} on the referral.",
        "Her NHS no. is {X}.",
        "NHS: {X}",
    ],
    "chi_number": [
        "CHI {X} on the referral from Glasgow.",
        "His CHI number is {X}.",
        "The Scottish letter had {X} at the top.",
        "CHI: {X}",
        "I noticed {X} on the old notes from Dundee.",
    ],
    "chi_ctx_invalid": ["CHI number {X} was on the fax."],
    "ni_number": [
        "She read out her National Insurance number, {X}, during the benefits call.",
        "NI number: {X}",
        "The form had {X} filled in.",
        "He wrote {X} on the back of the appointment card.",
        "NINO {X}.",
    ],
    "ni_ctx_example": ["His national insurance number was QQ 12 34 56 C on the old form."],
    "hospital_number": [
        "MRN: {X}",
        "Her hospital number is {X}.",
        "hosp no {X} on the wristband.",
        "Unit no. {X}.",
        "RiO {X} for reference.",
        "PAS number {X}, if anyone needs to look.",
        "Patient ID: {X}",
        "I found him on RiO (ID {X}) and read the old notes.",
    ],
    "postcode": [
        "She gave her address as {X} on the form.",
        "He's registered as no fixed abode, {X}.",
        "Postcode {X}.",
        "The pharmacy had {X} as his postcode.",
    ],
    "phone": [
        "She gave me her mobile, {X}, and asked me to text.",
        "Call the ward on {X} if you want to discuss.",
        "He rang from {X} at midnight.",
        "tel: {X}",
        "Her sister's number is {X}.",
        "I wrote {X} on a sticky note and then worried about it.",
    ],
    "email": [
        "She emails me at work from {X} most nights.",
        "Contact: {X}",
        "He copied {X} into every message.",
        "His partner wrote from {X} to complain.",
    ],
    "url": [
        "She sent me a link to her blog, {X}, and asked me to read it.",
        "His fundraising page is {X}.",
        "See {X} for the video he posted.",
        "She told me to look at {X}.",
    ],
    "full_date": [
        "She was admitted on {X} after the overdose.",
        "The incident happened on {X}.",
        "Last seen {X}.",
        "On {X} he walked out of the ward.",
        "Her mother died on {X} and she has not been the same since.",
        "Clinic letter dated {X}.",
    ],
    "date_of_birth": [
        "DOB {X}.",
        "DOB: {X}",
        "d.o.b. {X}",
        "D.O.B. {X}, female.",
        "Date of birth: {X}.",
        "She was born on {X}, which she mentions every session.",
        "He told me he was born on {X}.",
    ],
    "dob_partial": [
        "Born on {X}, she reminds me every time.",
        "DOB {X}",
        "He was born in {X}.",
    ],
    "titled_name": [
        "{X} was the consultant on the ward that week.",
        "I saw {X} in clinic again today.",
        "The patient, {X}, asked me to call her by her first name.",
        "{X}'s daughter rang twice.",
        "My supervisor, {X}, suggested I bring this to the group.",
        "She kept asking for {X} instead of me.",
    ],
    "full_name": [
        "{X} has been on my caseload since the spring.",
        "I'll call her {X}, which isn't quite her name.",
        "The referral was for {X}, a man in his 50s.",
        "Her partner, {X}, comes to every appointment.",
        "When I met {X} for the first time I felt uneasy.",
        "{X} told me I was useless.",
        "His brother {X} rang the ward.",
    ],
    "age_over_89": [
        "She is a {X} woman living alone.",
        "A {X} man with depression.",
        "He was {X} and still angry about the war.",
        "The patient, {X}, thought I was her grandson.",
    ],
    "place": [
        "She has been on {X} for three weeks.",
        "He was transferred to {X} last night.",
        "Her GP at {X} referred her.",
        "I met him at {X} on my first day.",
        "{X} has a long waiting list.",
        "She refuses to go back to {X}.",
    ],
    "dated_event": [
        "On {X} she was admitted again.",
        "He took the overdose on {X}.",
        "She stopped her medication in {X}.",
        "Since {X} he has refused to see me.",
        "It all started at Christmas, and by {X} she had lost her job.",
    ],
}


def age_text(rng: random.Random) -> str:
    a = rng.randint(90, 103)
    return rng.choice(
        [
            f"{a}-year-old",
            f"{a} year old",
            f"aged {a}",
            f"{a} years old",
            f"{a}yo",
            f"ninety-{['one', 'two', 'three', 'four'][a % 4]}-year-old",
        ]
    )


def name_text(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"


def titled_text(rng: random.Random) -> str:
    t = rng.choice(TITLES)
    if rng.random() < 0.3:
        return f"{t} {rng.choice(FIRST)} {rng.choice(SURNAMES)}"
    return f"{t} {rng.choice(SURNAMES)}"


def fixture(kind: str, rng: random.Random) -> tuple[str, str]:
    """(text, label kind) for a template family."""
    if kind == "nhs_number":
        return spaced(nhs_number(rng), rng), "nhs_number"
    if kind == "nhs_ctx_invalid":
        return spaced(nhs_invalid(rng), rng), "nhs_number"
    if kind == "chi_number":
        return spaced(chi_number(rng), rng, chi=True), "chi_number"
    if kind == "chi_ctx_invalid":
        return chi_number(rng, valid=False), "chi_number"
    if kind == "ni_number":
        return ni_number(rng), "ni_number"
    if kind == "hospital_number":
        return hospital_id(rng), "hospital_number"
    if kind == "postcode":
        return zz99(rng), "postcode"
    if kind == "phone":
        return drama_phone(rng), "phone"
    if kind == "email":
        user = rng.choice(
            ["jo.bloggs", "tamsin.q", "k.osei", "patient1987", "angry_dad", "r.m+nhs"]
        )
        return (
            f"{user}@{rng.choice(['example.com', 'example.org', 'example.net', 'mail.example.com'])}",
            "email",
        )
    if kind == "url":
        return rng.choice(
            [
                "https://example.com/my-story",
                "http://www.example.org/fundraiser?id=42",
                "www.example.com/profile/tq",
                "example.org/blog",
                "https://blog.example.net/2023/05/my-section",
                "example.co.uk",
                "www.example.org",
            ]
        ), "url"
    if kind == "full_date":
        return full_date(rng, rand_date(rng, 2015, 2024)), "full_date"
    if kind == "date_of_birth":
        return full_date(rng, rand_date(rng, 1930, 2005)), "date_of_birth"
    if kind == "dob_partial":
        return rng.choice([day_month(rng), month_year(rng)]), "date_of_birth"
    if kind == "titled_name":
        return titled_text(rng), "titled_name"
    if kind == "full_name":
        return name_text(rng), "full_name"
    if kind == "age_over_89":
        return age_text(rng), "age_over_89"
    if kind == "place":
        return rng.choice(PLACES), "place"
    if kind == "dated_event":
        return rng.choice([day_month(rng), month_year(rng)]), "dated_event"
    raise ValueError(kind)


COUNTS = {
    "nhs_number": 26, "nhs_ctx_invalid": 6, "chi_number": 14, "chi_ctx_invalid": 3,
    "ni_number": 16, "ni_ctx_example": 1, "hospital_number": 22, "postcode": 16, "phone": 28,
    "email": 14, "url": 15, "full_date": 22, "date_of_birth": 16, "dob_partial": 6,
    "titled_name": 18, "full_name": 24, "age_over_89": 14, "place": 24, "dated_event": 16,
}  # fmt: skip


def _sentences(rng: random.Random) -> str:
    s = rng.choice(CLEAN)
    parts = re.split(r"(?<=[.!?])\s+", s)
    return " ".join(parts[: rng.randint(1, len(parts))])


def build(rng: random.Random, kind: str) -> dict[str, Any]:
    template = rng.choice(TEMPLATES[kind])
    if kind == "ni_ctx_example":
        x = "QQ 12 34 56 C"
        label_kind = "ni_number"
    else:
        x, label_kind = fixture(kind, rng)
    if template.startswith("{X}") and label_kind in {"full_name", "titled_name", "place"}:
        pass  # a name or place at the start of a sentence is a deliberate case
    pos = rng.choice(["alone", "start", "middle", "end", "end"])
    before = after = ""
    if pos in {"middle", "end"}:
        before = _sentences(rng) + " "
    if pos in {"start", "middle"}:
        after = " " + _sentences(rng)
    filled = template.replace("{X}", x, 1) if kind != "ni_ctx_example" else template
    start = len(before) + (template.index("{X}") if kind != "ni_ctx_example" else template.index(x))
    text = before + filled + after
    assert text[start : start + len(x)] == x
    if label_kind == "dated_event" and re.fullmatch(r"[A-Z][a-z]+ \d{4}", x):
        # A month and year without a day identifies nobody (the coordinator's decision in
        # round three, GATE3.md): the snippet stays, as one the gate must not warn on.
        return {"text": text, "labels": []}
    return {"text": text, "labels": [{"start": start, "end": start + len(x), "kind": label_kind}]}


MIXED = [
    (
        "Mrs {A} (DOB {B}, NHS {C}) was admitted to {D}.",
        [("A", "titled_surname"), ("B", "date_of_birth"), ("C", "nhs_number"), ("D", "place")],
    ),
    (
        "I've pasted her details by mistake: {A}, {B}, tel {C}. Please ignore.",
        [("A", "full_name"), ("B", "postcode"), ("C", "phone")],
    ),
    (
        "He emailed me from {A} on {B} asking me to ring {C}.",
        [("A", "email"), ("B", "full_date"), ("C", "phone")],
    ),
    (
        "{A}, {B}, lives alone; MRN {C}.",
        [("A", "full_name"), ("B", "age_over_89"), ("C", "hospital_number")],
    ),
]


def build_mixed(rng: random.Random, template: str, slots: list[tuple[str, str]]) -> dict[str, Any]:
    values = {}
    kinds = {}
    for key, kind in slots:
        if kind == "titled_surname":
            values[key], kinds[key] = rng.choice(SURNAMES), "titled_name"
        else:
            values[key], kinds[key] = fixture(kind, rng)
    text = ""
    labels = []
    i = 0
    for m in re.finditer(r"\{(\w)\}", template):
        text += template[i : m.start()]
        key = m.group(1)
        start = len(text)
        if kinds[key] == "titled_name":
            start -= len("Mrs ")
        text += values[key]
        labels.append({"start": start, "end": len(text), "kind": kinds[key]})
        i = m.end()
    text += template[i:]
    return {"text": text, "labels": labels}


# --------------------------------------------------------------------------------------
# Held-out material: written after the first tuning round, then measured before any further
# tuning, so its figures are closer to what unseen text will get. Inline labels use
# [[kind|text]]; {NHS}, {NHS_DASH}, {NHS_PLAIN}, {CHI}, {CHI_PLAIN} become fresh fixtures.
# --------------------------------------------------------------------------------------

HELDOUT_CLEAN = [
    "Mr A is a 58-year-old man I have seen four times. Each time he says the same thing: 'you lot never listen'.",
    "Ms B, as I'll call her, has been under the team for 4/52. She told me on day 2/7 that she wanted to go home.",
    "Follow-up in 6/12. Honestly I'm relieved; I found the last three sessions exhausting.",
    "He asked me 'May I call you by your first name?' and I said yes before I had thought about it.",
    "Despite everything, I like her. Somewhat to my surprise, I look forward to Tuesdays.",
    "Twice now she has walked out mid-sentence. Both times I sat there feeling like the one who had done something wrong.",
    "the nurse in charge said he was 'kicking off' again and asked if i could come up. i went, and he calmed down as soon as he saw me, which worried me more.",
    "He supports a Premier League club and uses football to avoid talking about anything else. I let him, and then I feel I've wasted the hour.",
    "She worked for Royal Mail for years until her back went. Now she says she is 'on the scrapheap' and I don't know how to answer that.",
    "He has about £1,250 of debt and no idea how to manage it. The Care Act assessment keeps being postponed.",
    "She walks 3,000 steps a day, weighs 45 kg and has a BMI of 16.8. The dietitian and I disagree about how worried to be.",
    "His QTc was 452 ms on the ECG, so we couldn't increase the dose. He accused me of hiding behind the test.",
    "The Mental Capacity Act assessment was borderline. I felt I was deciding her life on a technicality.",
    "We discussed Deprivation of Liberty Safeguards in the MDT and I realised I didn't understand them well enough to explain them to her son.",
    "She quoted Pride and Prejudice at me in the first session. I think she wanted to know if I was clever enough for her.",
    "He listens to the same three songs on repeat and says they are the only thing keeping him alive. I didn't know whether to ask which songs.",
    "On Boxing Day he was brought in by ambulance. The doctors in A&E were kind, he says, unlike me.",
    "I'm on nights this week (20:00 to 08:30), and she has started calling the ward at 2am asking for 'the young doctor'.",
    "He drinks 1-2 units a day, he says; his GGT says otherwise. I feel like a detective rather than a doctor.",
    "On a 0-10 scale she rates her mood as 2, every week, regardless of what has happened. I've stopped asking and I feel guilty.",
    "It's the 3rd time this month he has been brought in, and the 2nd time he has asked to see me specifically.",
    "She wanted a second opinion. I arranged it and then felt hurt when the second opinion agreed with me.",
    "The consultant was off sick so the SpR led the ward round. The patient performed for her in a way he never does for me.",
    "He was 24/7 on the phone to his mother during the admission. I found myself resenting her.",
    "I had a 50/50 feeling about discharging him, and he could tell.",
    "Her husband, who I'll call Tom, phones every evening at 7.30pm. She says Tom is the problem; Tom says she is.",
    "Sam (not his real name) is in his 20s and has been in care since he was small. He tests every adult, and I am failing the test.",
    "I asked Layla, as I'll call her, what she wanted from me. She said 'nothing, just don't leave'.",
    "The Dr on the previous rotation had promised him a transfer. I had to tell him it wasn't happening.",
    "She called me 'Doctor' in a way that felt like an insult.",
    "e.g. last week she cancelled, then came anyway, then left after ten minutes, i.e. the usual pattern.",
    "He brought his notes in a folder marked 'EVIDENCE' and read them out to me, page by page.",
    "The Lasting Power of Attorney is held by her nephew, who disagrees with every decision we make.",
    "She is a Jehovah's Witness and refuses blood products. I respect that and still found the conversation painful.",
    "He keeps a diary of every conversation with staff, dated and timed. I wonder what he writes about me.",
    "We met in room 101, which he found funny. I didn't get the joke until later.",
    "She wanted to talk about Black History Month and her grandmother's arrival in the 1950s. I felt out of my depth and tried not to show it.",
    "I noticed she had been crying in the waiting room, and I didn't mention it. I wish I had.",
    "He is 67, a retired bus driver, and he calls every female doctor 'love'. I let it go the first time and now it feels too late.",
    "She keeps her coat on for the whole session, every session. My supervisor asked whether I keep mine on too, metaphorically.",
    "The patient said I reminded her of her first social worker, the one who took her children into care. After that I could do no right.",
    "He asked for a copy of his records under the Data Protection Act. I felt scrutinised by every word I'd written.",
    "I trained in Lagos before coming to the UK, and she asked where I was 'really from'. I answered and then felt angry with myself.",
    "Risperidone 2 mg was stopped after the prolactin came back at 1,100. She says she wants a 'natural' treatment and I feel stuck.",
    "In the group last Wednesday I couldn't stop thinking about him. I'd like to bring him again if there's space.",
]

HELDOUT_PLANTED = [
    "NHS No.: [[nhs_number|{NHS}]]",
    "Her number ([[nhs_number|{NHS_DASH}]]) was on the wristband.",
    "I accidentally pasted the referral header - [[nhs_number|{NHS_PLAIN}]] - sorry.",
    "NHS#[[nhs_number|{NHS_PLAIN}]]",
    "He recited [[nhs_number|{NHS}]] like a mantra.",
    "CHI no. [[chi_number|{CHI}]]",
    "Referral from Aberdeen, [[chi_number|{CHI_PLAIN}]].",
    "Her NI no is [[ni_number|JK 45 67 89 A]].",
    "national insurance: [[ni_number|PZ998877D]]",
    "Found it on RiO: [[hospital_number|1203448]].",
    "Hosp. No. [[hospital_number|H0098812]]",
    "MRN#[[hospital_number|A44219087]]",
    "hospital no. [[hospital_number|22 33 44 55]]",
    "Mob: [[phone|07700 900 482]]",
    "Tel. [[phone|(0161) 496 0725]]",
    "ring [[phone|+447700900317]] after 6",
    "her landline is [[phone|0113 496 0891]], her mobile [[phone|07700-900-904]]",
    "text me on [[phone|+44 (0) 7700 900 111]]",
    "US number: [[phone|+1 (202) 555-0199]]",
    "Postcode [[postcode|zz99 3cz]] on the form.",
    "She lives at [[postcode|ZZ99 1WZ]], no fixed abode.",
    "Email [[email|Tamsin.Q@example.com]] if needed.",
    "<[[email|k.osei@example.org]]>",
    "His page: [[url|https://www.example.com/u/kwame_o]].",
    "See [[url|example.net/her-story]]",
    "Admitted [[full_date|02.11.2021]], discharged a week later.",
    "Seen on [[full_date|Tuesday 4th June 2024]].",
    "The letter dated [[full_date|4 Jun 2024]] said little.",
    "[[full_date|31/12/99]] is when it started, she says.",
    "Incident on [[full_date|2023/03/14]].",
    "DoB [[date_of_birth|14/02/1961]]",
    "dob: [[date_of_birth|1 Jan 1950]]",
    "Date of Birth [[date_of_birth|07-07-1977]].",
    "born [[date_of_birth|12/12/1990]] in Leeds",
    "Her birthday is [[date_of_birth|29 February]] and she has never had a proper party.",
    "I saw [[titled_name|Mrs. Pennyworth]] on the ward.",
    "[[titled_name|Dr Oyelaran-Fisk]] was on call.",
    "The patient ([[titled_name|Mr T. Haverstock]]) declined.",
    "[[titled_name|Prof Gwendolyn Astley]] chaired the meeting.",
    "I called her [[titled_name|Miss Orla Dempsey]] and she corrected me.",
    "[[full_name|Benedikt Roszak]] was admitted overnight.",
    "Her son, [[full_name|Jaxon Merriweather]], rang the ward.",
    "The letter was from [[full_name|Chukwuemeka Obi]], her brother.",
    "I met [[full_name|Eilidh MacPhail]] in clinic.",
    "[[full_name|Aoife Ni Bhriain]] said she didn't trust me.",
    "She wants [[full_name|Sophie Tranter]] to be her advocate.",
    "When [[full_name|Ravi Chandrasekar]] came in, he was shouting.",
    "A [[age_over_89|94 y/o]] woman with delirium.",
    "He is [[age_over_89|aged 101]] and sharper than me.",
    "The [[age_over_89|91-yr-old]] gentleman refused his meds.",
    "At [[age_over_89|ninety-six years old]], she still does the crossword.",
    "She was moved to [[place|Heronsgate Ward]].",
    "He is registered at [[place|Brookfield Medical Practice]].",
    "The [[place|Tamarind Centre]] is where she goes on Thursdays.",
    "[[place|Whitmoor Hospital]] discharged him too early, she says.",
    "He's under [[place|Fenland Partnership NHS Trust]].",
    "She was seen at [[place|Abbeyfield Surgery]] by her GP.",
    "transferred to [[place|ward 9C]] overnight",
    "On [[dated_event|14 February]] she overdosed.",
    "He was last seen on [[dated_event|the 2nd of May]].",
    "In Sept 2022 she lost her job.",
    "Things fell apart after [[dated_event|Easter 2023]].",
]

# Second held-out batch, written after the second tuning round and measured before any more.
HELDOUT2_CLEAN = [
    "She gets a Freedom Pass and a Blue Badge, and still says the world is against her. I notice I agree with her more than I admit.",
    "On Bank Holiday Monday he turned up at the unit with a Greggs bag for the nurses. They love him; I can't stand him, and I don't know why.",
    "He quotes Star Wars at me. Last week it was 'I find your lack of faith disturbing', which was fair.",
    "She watches Strictly Come Dancing with her mother, the only thing they still do together.",
    "He listens to Radio 4 all night because silence lets the voices in. I suggested an audiobook and felt ridiculous.",
    "Auntie Pat, as she calls her, is the only relative who visits. I feel like a poor substitute.",
    "Mum and Dad are divorced and both ring me separately. Each one thinks I'm on their side.",
    "He goes to Sunday School with his daughter and says God will sort it out. I find myself hoping so.",
    "She is studying with the Open University and wants me to write to Student Finance. I did, and then worried I had overstepped.",
    "He was in the Salvation Army hostel for a month before he came to us.",
    "She was referred to Women's Aid after the last incident and now won't talk about him at all.",
    "The Hearing Voices Network group helped him more than anything I did. I'm glad, and a bit jealous.",
    "She's doing Occupational Therapy and Speech and Language Therapy, and I feel the least useful person in her care.",
    "Reassuringly, the Memory Clinic found nothing new. Unreassuringly, he still thinks I stole his wallet.",
    "Afterwards, the Peer Support Worker told me the patient had said I was 'alright, for a doctor'. I was absurdly pleased.",
    "He brings his Big Issue into the session and reads it while I talk.",
    "We had the Mental Health Tribunal on Friday, and he thanked the panel but not me.",
    "She spent Christmas at a Crisis at Christmas centre and told me it was the best one she's had.",
    "He says the Holy Spirit tells him when I'm lying. I have started to check what my face is doing.",
    "Her Care Coordinator is off sick, so I'm the only contact. The emails have tripled.",
    "I'm a Specialty Registrar now, and this is the first patient I have felt genuinely afraid of.",
    "She asked me to write to the DVLA, and when I said it had to be her, she called me a jobsworth.",
    "The Approved Mental Health Professional and I disagreed in front of the family. I felt undermined and then guilty.",
    "He lost his Child Benefit and blames the letter I wrote. I reread it three times.",
    "She sees a Christian counsellor at her church as well as me. I find I'm competing.",
    "His Personal Independence Payment was stopped, and he says I'm part of the conspiracy.",
    "Driving home after seeing her, I heard a song she had mentioned on the radio and had to pull over.",
    "Sometimes I think the Balint Group is the only place I can say I'm angry with him.",
    "He called me a 'Jobsworth NHS doctor' in front of the waiting room, and I smiled, which I regret.",
    "She has been watching Love Island to 'learn how normal people talk'. I didn't laugh, and I think she noticed.",
    "Weekends are the worst; she calls NHS 111 and they tell her to call us on Monday.",
    "He is a Manchester United fan and I support City. He knows and brings it up every time.",
    "She went on a Duke of Edinburgh expedition as a teenager and talks about it as the last time she was happy.",
    "His Universal Credit sanction came through on the same day as his ward round. He didn't speak at all.",
    "Every session she asks if I've been to the Notting Hill Carnival. I haven't, and she finds that unforgivable.",
    "He says his Higher Power is Alcoholics Anonymous itself. I find it touching and I'm not sure why.",
    "The patient read Harry Potter to her children every night before the admission. Now she can't concentrate on a page.",
    "I asked about Remembrance Sunday because he wore a poppy. He talked for forty minutes about his grandfather.",
    "My Educational Supervisor said I should stop writing to him between appointments. I knew she was right.",
    "She follows a TikTok account about ADHD and is convinced she has it. I'm not convinced, and she says I'm dismissive.",
]

HELDOUT2_PLANTED = [
    "I kept thinking about [[full_name|Marguerite Odunsi]] over the weekend.",
    "[[full_name|Kai Brennan-Shaw]] walked out again.",
    "Her ex, [[full_name|Dylan Marsh]], turned up at the ward.",
    "We discussed [[full_name|Ayesha Chowdhury]] in supervision.",
    "The patient ([[full_name|Ruairi Flanagan]]) asked for me.",
    "[[titled_name|Mr.Haverstock]] declined his depot.",
    "[[titled_name|Dr. Ana Sousa]] was the duty doctor.",
    "I rang [[titled_name|Mrs Adeyemi-Clarke]] to explain.",
    "He was moved to [[place|Meadowbank Ward]] last night.",
    "She goes to the [[place|Coppice Unit]] twice a week.",
    "Registered at [[place|Harbourside Health Centre]].",
    "Her GP is at [[place|Thornbury Road Surgery]].",
    "He spent ten years in [[place|Bethlem Royal Hospital]].",
    "She was seen at [[place|St Luke's Hospice]] before she died.",
    "A woman of [[age_over_89|93 years of age]] who lives alone.",
    "He turned [[age_over_89|ninety]] in the spring and says he's ready to die.",
    "She is [[age_over_89|aged 97]] and furious with everyone.",
    "On [[full_date|Christmas Eve 2021]] he was brought in.",
    "It was [[dated_event|Mon 4th March]] when she first rang.",
    "She left hospital in Aug 2020.",
    "He had his first episode on [[dated_event|June 3rd]].",
    "Ring her on [[phone|07700 900 222]] if she misses it.",
    "NHS no [[nhs_number|{NHS}]]",
    "Her postcode is [[postcode|ZZ99 4WZ]].",
    "DOB [[date_of_birth|19.6.48]].",
]


def _fill_fixtures(template: str, rng: random.Random) -> str:
    nhs = nhs_number(rng)
    chi = chi_number(rng)
    return (
        template.replace("{NHS_DASH}", f"{nhs[:3]}-{nhs[3:6]}-{nhs[6:]}")
        .replace("{NHS_PLAIN}", nhs)
        .replace("{NHS}", f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}")
        .replace("{CHI_PLAIN}", chi)
        .replace("{CHI}", f"{chi[:6]} {chi[6:]}")
    )


def parse_inline(marked: str) -> dict[str, Any]:
    """Turn '[[kind|text]]' markers into a record with labels."""
    text = ""
    labels = []
    i = 0
    for m in re.finditer(r"\[\[(\w+)\|(.+?)\]\]", marked):
        text += marked[i : m.start()]
        start = len(text)
        text += m.group(2)
        labels.append({"start": start, "end": len(text), "kind": m.group(1)})
        i = m.end()
    text += marked[i:]
    return {"text": text, "labels": labels}


# --------------------------------------------------------------------------------------
# The later direct kinds: Health and Care numbers, passport and visa numbers, number plates,
# social-media handles. Added after the shuffle with their own generator, so the rows above stay
# as they were.
# --------------------------------------------------------------------------------------

NEW_TEMPLATES: dict[str, list[str]] = {
    "hc_number": [
        "Her H&C number is {X}, from the Belfast referral.",
        "H&C no. {X} on the letter.",
        "The Northern Ireland notes had {X} at the top.",
        "Health and Care number: {X}",
        "He transferred from Derry with {X} on every page.",
    ],
    "passport": [
        "His passport number is {X}, he keeps it in his sock.",
        "BRP {X}, granted last spring.",
        "She read me her visa number, {X}, twice.",
        "Home Office ref {X} on the letter she brought.",
        "passport no. {X} - the solicitor has a copy.",
    ],
    "plate": [
        "He sleeps in his car, reg {X}, behind the retail park.",
        "The van {X} was parked outside the unit all week.",
        "She wrote down the number plate {X} of the car she says follows her.",
        "Security noted the registration {X} when he drove in.",
        "His ex drives {X} and she wants it in the notes.",
    ],
    "handle": [
        "Her insta is {X} and she posts from the ward.",
        "He goes live on TikTok as {X} most nights.",
        "snap: {X} - he asked me to add him.",
        "His gamertag is {X} and the people he plays with are his only friends.",
        "She posts as {X} and the whole school follows her.",
    ],
}
NEW_TEMPLATES["first_name"] = [
    "I lost my temper with {X} on Tuesday and I'm still thinking about it.",
    "{X} said he didn't want to see me again.",
    "her son {X} rang the ward fourteen times yesterday.",
    "spoke to {X} again today, same story, same promise.",
    "{X} told me I was far too young to understand.",
    "I think {X} reminds me of my sister.",
]
NEW_COUNTS = {"hc_number": 12, "passport": 12, "plate": 12, "handle": 12, "first_name": 14}


def hc_number(rng: random.Random) -> str:
    """A Northern Ireland Health and Care number: 320 000 0010 to 399 999 9999, Modulus 11."""
    while True:
        nine = str(rng.randint(320_000_001, 399_999_999))
        check = mod11_check(nine)
        if check is not None:
            return f"{nine[:3]} {nine[3:6]} {nine[6:]}{check}"


def new_fixture(kind: str, rng: random.Random) -> str:
    if kind == "hc_number":
        return hc_number(rng)
    if kind == "passport":
        return rng.choice(
            [f"{rng.randint(100_000_000, 999_999_999)}", f"ZU{rng.randint(1_000_000, 9_999_999)}",
             f"RK{rng.randint(1_000_000, 9_999_999)}", f"GWF0{rng.randint(10_000_000, 99_999_999)}",
             f"A{rng.randint(10_000_000, 99_999_999)}"]
        )  # fmt: skip
    if kind == "plate":
        area = rng.choice(["KM", "YA", "LB", "SN", "BD", "MA", "WR", "DK"])
        age = rng.choice(["07", "12", "19", "23", "61", "66", "70", "73"])
        tail = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3))
        return rng.choice([f"{area}{age} {tail}", f"{area}{age}{tail}", f"P{age[1]}82 {tail}"])
    if kind == "first_name":
        return rng.choice(
            ["Rhys", "Oluwaseun", "Callum", "Agnieszka", "Kwame", "Siobhan", "Gurpreet", "Mehmet",
             "Ionut", "Chidi", "Eilidh", "dave", "padraig", "Shanice"]
        )  # fmt: skip
    if kind == "handle":
        return rng.choice(
            ["@kezza_xo", "@sadgirl.szn", "lily.rose99", "danboi_07", "xXReaperMXx",
             "@TruthTeller1979", "m.a.r.c.u.s_ldn", "@big_tone_77", "jaz.mine.x"]
        )  # fmt: skip
    raise ValueError(kind)


def build_new(rng: random.Random, kind: str) -> dict[str, Any]:
    template = rng.choice(NEW_TEMPLATES[kind])
    x = new_fixture(kind, rng)
    if (
        kind == "plate"
        and "{X}" in template
        and not any(w in template for w in ("car", "van", "plate", "registration", "drives"))
    ):
        x = x.upper()
    before = _sentences(rng) + " " if rng.random() < 0.5 else ""
    filled = template.replace("{X}", x, 1)
    start = len(before) + template.index("{X}")
    text = before + filled
    assert text[start : start + len(x)] == x
    return {"text": text, "labels": [{"start": start, "end": start + len(x), "kind": kind}]}


def generate(seed: int = 20240607) -> list[dict[str, Any]]:
    """All corpus records, deterministic for a seed; "group" says where each came from."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = [{"text": t, "labels": [], "group": "clean"} for t in CLEAN]
    out += [{"text": t, "labels": [], "group": "decoy"} for t in DECOYS]
    for kind, n in COUNTS.items():
        out.extend({**build(rng, kind), "group": "planted"} for _ in range(n))
    for template, slots in MIXED:
        out.extend({**build_mixed(rng, template, slots), "group": "planted"} for _ in range(3))
    out += [{"text": t, "labels": [], "group": "heldout_clean"} for t in HELDOUT_CLEAN]
    for marked in HELDOUT_PLANTED:
        out.append({**parse_inline(_fill_fixtures(marked, rng)), "group": "heldout_planted"})
    out += [{"text": t, "labels": [], "group": "heldout2_clean"} for t in HELDOUT2_CLEAN]
    for marked in HELDOUT2_PLANTED:
        out.append({**parse_inline(_fill_fixtures(marked, rng)), "group": "heldout2_planted"})
    rng.shuffle(out)
    new_rng = random.Random(seed + 19)
    for kind, n in NEW_COUNTS.items():
        out.extend({**build_new(new_rng, kind), "group": "planted"} for _ in range(n))
    return out


def main() -> None:
    rows = generate()
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    clean = sum(1 for r in rows if not r["labels"])
    print(f"wrote {len(rows)} snippets ({clean} clean) to {OUT}")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes a synthetic referrals CSV for the import benchmark, as a spreadsheet
saves it: a header row, British dates, quoted fields where they hold commas.
Invented names, never real people.
    make-import-csv.py ROWS OUT.csv"""
import datetime
import random
import sys

FIRST = ["Alys", "Aled", "Bethan", "Cai", "Carys", "Cerys", "Dafydd", "Deio", "Eleri", "Elis",
         "Ffion", "Gethin", "Gwen", "Harri", "Hana", "Iwan", "Lili", "Llŷr", "Mabli", "Macsen",
         "Mared", "Nia", "Osian", "Owain", "Rhys", "Seren", "Siân", "Siôn", "Tomos", "Tirion",
         "Alex", "Amelia", "Charlie", "Ella", "Evie", "Freddie", "George", "Grace", "Isla", "Jack"]
SURNAMES = ["Jones", "Williams", "Davies", "Evans", "Thomas", "Roberts", "Hughes", "Lewis",
            "Morgan", "Griffiths", "Edwards", "Price", "Rees", "Owen", "Jenkins", "Pritchard",
            "Parry", "Lloyd", "Powell", "Bowen", "Vaughan", "Prosser", "Smith", "Taylor"]
AGENCIES = ["education", "education", "education", "health", "health", "police", "housing",
            "third-sector", "public", "other"]
CONCERNS = [
    "Child arrived at school hungry and in unwashed clothes for the third day this week.",
    "Bruising seen on the child's upper arm; the explanation given did not match the injury.",
    "Child disclosed that an adult at home shouts and throws things when drinking.",
    "Repeated missed health appointments, and the baby has not been seen for eight weeks.",
    "Police attended a domestic incident at the address; children were present.",
    "Child said they are left alone overnight while the parent works.",
    "Neighbour reports children crying for long periods, and the home in a poor state.",
    "Pupil disclosed self-harm and says they are \"frightened\" to go home.",
]


def field(text):
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def main():
    rows, path = int(sys.argv[1]), sys.argv[2]
    rand = random.Random(1)
    # Well in the past, so no row is "in the future" whenever the bench runs.
    end = datetime.datetime(2026, 1, 1, 9, 0)
    span = 3 * 365 * 24 * 60
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("received_at,child_name,child_dob,reporter_name,reporter_agency,concern\r\n")
        for i in range(rows):
            received = end - datetime.timedelta(minutes=span * (rows - i) // rows + rand.randrange(30))
            dob = received.date() - datetime.timedelta(days=rand.randrange(30, 17 * 365))
            out.write(",".join((
                received.strftime("%d/%m/%Y %H:%M"),
                field(f"{rand.choice(FIRST)} {rand.choice(SURNAMES)}"),
                dob.strftime("%d/%m/%Y"),
                field(f"{rand.choice(FIRST)} {rand.choice(SURNAMES)}"),
                rand.choice(AGENCIES),
                field(rand.choice(CONCERNS)),
            )) + "\r\n")


if __name__ == "__main__":
    main()

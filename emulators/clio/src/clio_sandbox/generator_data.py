"""Word lists the firm generator draws from (plausible US names, places and legal work)."""

from __future__ import annotations

# fmt: off

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
    "Christopher", "Karen", "Charles", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony",
    "Sandra", "Mark", "Margaret", "Donald", "Ashley", "Steven", "Kimberly", "Andrew", "Emily",
    "Paul", "Donna", "Joshua", "Michelle", "Kenneth", "Carol", "Kevin", "Amanda", "Brian",
    "Melissa", "George", "Deborah", "Timothy", "Stephanie", "Ronald", "Rebecca", "Jason", "Laura",
    "Edward", "Helen", "Jeffrey", "Sharon", "Ryan", "Cynthia", "Jacob", "Kathleen", "Gary", "Amy",
    "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Anna", "Stephen", "Brenda", "Larry",
    "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Samantha", "Benjamin", "Katherine",
    "Samuel", "Christine", "Raymond", "Debra", "Gregory", "Rachel", "Frank", "Carolyn",
    "Alexander", "Janet", "Patrick", "Maria", "Jack", "Olivia", "Dennis", "Heather", "Jerry",
    "Diane", "Tyler", "Julie", "Aaron", "Joyce", "Jose", "Victoria", "Adam", "Kelly", "Nathan",
    "Christina", "Henry", "Lauren", "Zachary", "Joan", "Douglas", "Evelyn", "Peter", "Judith",
    "Kyle", "Megan", "Noah", "Andrea", "Ethan", "Cheryl", "Jeremy", "Hannah", "Walter",
    "Jacqueline", "Christian", "Martha", "Keith", "Gloria", "Roger", "Teresa", "Terry", "Ann",
    "Austin", "Sara", "Sean", "Madison", "Gerald", "Frances", "Carl", "Kathryn", "Harold",
    "Janice", "Dylan", "Jean", "Arthur", "Abigail", "Lawrence", "Alice", "Jordan", "Judy",
    "Jesse", "Sophia", "Bryan", "Grace", "Billy", "Denise", "Bruce", "Amber", "Gabriel", "Doris",
    "Joe", "Marilyn", "Logan", "Danielle", "Alan", "Beverly", "Juan", "Isabella", "Wayne",
    "Theresa", "Elijah", "Diana", "Randy", "Natalie", "Roy", "Brittany", "Vincent", "Charlotte",
    "Ralph", "Marie", "Eugene", "Kayla", "Russell", "Alexis", "Bobby", "Lori", "Mason", "Priya",
    "Wei", "Mei", "Hiroshi", "Yuki", "Aisha", "Omar", "Fatima", "Carlos", "Sofia", "Mateo",
    "Lucia", "Diego", "Valentina", "Arjun", "Ananya", "Chen", "Ngozi", "Kwame", "Ingrid", "Lars",
    "Siobhan",
)

LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips", "Evans", "Turner",
    "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales",
    "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey",
    "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks",
    "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez",
    "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell",
    "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes",
    "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander",
    "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes",
    "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray",
    "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald", "Woods",
    "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker",
    "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez",
    "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer",
    "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills",
    "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto",
    "Weaver", "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins",
    "Arnold", "Pierce", "Hansen", "Peters", "Santos", "Hart", "Bradley", "Knight", "O'Brien",
    "Okafor", "Nakamura", "Tanaka", "Kowalski", "Novak", "Haddad", "Rahman", "Singh", "Shah",
    "Yilmaz", "Larsen", "Hale", "McAllister", "D'Angelo", "Van Dyke", "St. Clair",
)

COMPANY_CORES = (
    "Harbor", "Summit", "Granite", "Pioneer", "Beacon", "Cedar", "Meridian", "Keystone",
    "Riverside", "Northwind", "Bluebird", "Ironwood", "Lakeshore", "Redwood", "Silverline",
    "Crescent", "Atlas", "Evergreen", "Horizon", "Liberty", "Maple", "Oakridge", "Pinnacle",
    "Quarry", "Sterling", "Tidewater", "Union", "Vanguard", "Westfield", "Brightwater", "Copper",
    "Driftwood", "Falcon", "Golden", "Highland", "Juniper", "Kingsley", "Lighthouse", "Magnolia",
    "Orchard", "Prairie",
)

COMPANY_TRADES = (
    "Logistics", "Holdings", "Construction", "Dental Group", "Properties", "Capital",
    "Manufacturing", "Foods", "Medical Partners", "Software", "Realty", "Landscaping",
    "Auto Group", "Brewing Co.", "Consulting", "Engineering", "Insurance Agency", "Design Studio",
    "Hospitality", "Energy", "Farms", "Pharmacy", "Analytics",
)

COMPANY_SUFFIXES = ("LLC", "Inc.", "Corp.", "LLP", "Ltd.", "Co.", "PLLC", "")

# (city, state, ZIP prefix, area code)
PLACES = (
    ("Boston", "MA", "021", "617"), ("Cambridge", "MA", "021", "617"),
    ("Worcester", "MA", "016", "508"), ("Providence", "RI", "029", "401"),
    ("Hartford", "CT", "061", "860"), ("New York", "NY", "100", "212"),
    ("Brooklyn", "NY", "112", "718"), ("Albany", "NY", "122", "518"),
    ("Newark", "NJ", "071", "973"), ("Philadelphia", "PA", "191", "215"),
    ("Pittsburgh", "PA", "152", "412"), ("Baltimore", "MD", "212", "410"),
    ("Arlington", "VA", "222", "703"), ("Richmond", "VA", "232", "804"),
    ("Charlotte", "NC", "282", "704"), ("Atlanta", "GA", "303", "404"),
    ("Miami", "FL", "331", "305"), ("Tampa", "FL", "336", "813"),
    ("Nashville", "TN", "372", "615"), ("Chicago", "IL", "606", "312"),
    ("Columbus", "OH", "432", "614"), ("Detroit", "MI", "482", "313"),
    ("Minneapolis", "MN", "554", "612"), ("St. Louis", "MO", "631", "314"),
    ("Dallas", "TX", "752", "214"), ("Austin", "TX", "787", "512"),
    ("Houston", "TX", "770", "713"), ("Denver", "CO", "802", "303"),
    ("Phoenix", "AZ", "850", "602"), ("Salt Lake City", "UT", "841", "801"),
    ("Seattle", "WA", "981", "206"), ("Portland", "OR", "972", "503"),
    ("San Francisco", "CA", "941", "415"), ("Oakland", "CA", "946", "510"),
    ("Los Angeles", "CA", "900", "213"), ("San Diego", "CA", "921", "619"),
)  # fmt: skip

STREETS = (
    "Main", "Washington", "Maple", "Oak", "Park", "Pine", "Cedar", "Elm", "Lake", "Hill",
    "Church", "High", "Union", "Spring", "Water", "River", "Market", "Franklin", "Highland",
    "Jefferson", "Madison", "Lincoln", "Chestnut", "Walnut", "Summer", "Prospect", "Beacon",
    "Commonwealth", "Broad", "Grove", "Center", "School", "Mill", "Pleasant", "Forest", "Harbor",
)
STREET_SUFFIXES = ("St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Way", "Ct", "Pl")
UNITS = ("", "", "", "", " Suite 200", " Apt 4B", " Unit 12", " Floor 3", " Suite 1100")
PERSONAL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example", "inbox.example")

MATTER_TEMPLATES = (
    "Estate of {last}", "{last} v. {other}", "{last} - Divorce", "{last} - Custody modification",
    "Purchase of {street}", "Sale of {street}", "{last} - Will and trust",
    "{last} - Employment dispute", "{last} - DUI defense", "{last} - Personal injury",
    "{company} - Commercial lease", "{company} - Trademark registration",
    "{company} - Vendor contract review", "{company} - Collections", "{company} v. {other}",
    "{company} - Entity formation", "{company} - Employment policies", "{company} - Acquisition",
)  # fmt: skip

SERVICE_TASKS = (
    "Client conference", "Telephone call with client", "Draft engagement letter",
    "Legal research", "Draft motion to dismiss", "Review discovery responses",
    "Prepare for deposition", "Attend deposition", "Draft settlement agreement",
    "Court appearance", "Review and revise contract", "Correspondence with opposing counsel",
    "Draft will and trust documents", "Title review", "Prepare closing documents",
    "Attend mediation", "Draft complaint", "Review medical records",
    "Prepare trademark application", "Negotiate lease terms", "Draft operating agreement",
    "Review file and strategy memo", "Prepare exhibits", "Email exchange with client",
)  # fmt: skip

# (description, price choices in cents, quantity range) for expense lines.
EXPENSES = (
    ("Court filing fee", (5000, 7500, 12540, 22500, 35000, 40200, 43500), (1, 1)),
    ("Courier delivery", (1850, 2400, 3575, 4800, 8500), (1, 3)),
    ("Photocopies", (15, 25), (20, 400)),
    ("Postage", (68, 1230, 2875), (1, 4)),
    ("Mileage", (67,), (12, 180)),
    ("Process server fee", (6500, 9500, 15000), (1, 2)),
    ("Recording fee", (2500, 4600, 10300), (1, 1)),
    ("Deposition transcript", (27500, 48025, 61250), (1, 1)),
)  # fmt: skip

HOURLY_RATES = (150, 175, 195, 225, 250, 275, 300, 325, 350, 395, 425, 450, 495, 525, 575, 650)
TAX_RATES = ("6.25", "7", "7.5", "8.875", "9.5", "10.25")
# fmt: on

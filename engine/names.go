package engine

import (
	"crypto/rand"
	"math/big"
)

// Docker-style generated names: adjective_surname.
var (
	nameLeft = []string{
		"admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "blissful",
		"bold", "boring", "brave", "busy", "charming", "clever", "compassionate", "competent",
		"condescending", "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted",
		"dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting",
		"fervent", "festive", "flamboyant", "focused", "friendly", "frosty", "funny", "gallant", "gifted",
		"goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible",
		"inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving",
		"lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty",
		"nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless",
		"quirky", "quizzical", "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp",
		"silly", "sleepy", "stoic", "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty",
		"trusting", "unruffled", "upbeat", "vibrant", "vigilant", "vigorous", "wizardly", "wonderful",
		"xenodochial", "youthful", "zealous", "zen",
	}
	nameRight = []string{
		"agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "austin",
		"babbage", "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "bhaskara", "black",
		"blackburn", "blackwell", "bohr", "booth", "borg", "bose", "boyd", "brahmagupta", "brattain",
		"brown", "carson", "cerf", "chandrasekhar", "chaplygin", "chatterjee", "clarke", "colden", "cori",
		"cray", "curie", "darwin", "davinci", "dijkstra", "dubinsky", "easley", "edison", "einstein",
		"elion", "engelbart", "euclid", "euler", "fermat", "fermi", "feynman", "franklin", "galileo",
		"gates", "goldberg", "goldstine", "goldwasser", "golick", "goodall", "hamilton", "hawking",
		"heisenberg", "hermann", "hodgkin", "hofstadter", "hoover", "hopper", "hugle", "hypatia",
		"jackson", "jang", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kare", "keller",
		"kepler", "khorana", "kilby", "kirch", "knuth", "kowalevski", "lalande", "lamarr", "lamport",
		"leakey", "leavitt", "lewin", "lichterman", "liskov", "lovelace", "lumiere", "mahavira", "mayer",
		"mccarthy", "mcclintock", "mclean", "mcnulty", "meitner", "mendel", "merkle", "minsky",
		"mirzakhani", "moore", "morse", "murdock", "napier", "nash", "neumann", "newton", "nobel",
		"noether", "northcutt", "noyce", "panini", "pare", "pasteur", "payne", "perlman", "pike",
		"poincare", "poitras", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "roentgen", "rosalind",
		"saha", "sammet", "shamir", "shannon", "shaw", "shirley", "shockley", "sinoussi", "snyder",
		"spence", "stallman", "stonebraker", "swanson", "swartz", "swirles", "tesla", "thompson",
		"torvalds", "turing", "varahamihira", "visvesvaraya", "volhard", "wescoff", "wiles", "williams",
		"wilson", "wing", "wozniak", "wright", "yalow", "yonath",
	}
)

func pick(list []string) string {
	n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(list))))
	return list[n.Int64()]
}

// randomName makes a Docker-style name; the store's O_EXCL claim decides
// whether it is free.
func randomName() string { return pick(nameLeft) + "_" + pick(nameRight) }

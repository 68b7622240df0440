package ledger

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Stream names one source of income, "platform/name": "upwork/acme-logo",
// "etsy/pixelshop", "upwork/müller-strasse-gmbh", "gumroad/アイコン集".
//
// The rule, for both parts: one or more words joined by single '-', a word
// being Unicode letters, combining marks and decimal digits (a part never
// starts with a mark). Names are NFC-normalised and case-folded (Unicode
// full case folding: "Straße" and "STRASSE" are the same name, and the
// Kelvin sign is a k), so the same name typed or read from two files is the
// same stream. Nothing else is allowed: spaces, '_', '.', '/', punctuation,
// symbols, emoji and invisible format characters are refused in a typed
// name, and are word breaks ('-') when earnlog makes a name from free text.
// A stream is at most 128 bytes of UTF-8.
type Stream string

// streamForm is quoted in every stream error.
const streamForm = "platform/name in lower case: letters (any script), digits and '-' (for example upwork/acme-logo or etsy/pixelshop)"

// maxStream is the longest stream name, in bytes.
const maxStream = 128

// ParseStream validates a stream name as typed. It is NFC-normalised and
// case-folded; anything else that is not a name by the rule above is
// refused, not rewritten, so that a typo is seen.
func ParseStream(s string) (Stream, error) {
	if plainStream(s) {
		return Stream(s), nil
	}
	return parseStreamForms(s)
}

// parseStreamForms is ParseStream for names that need trimming or folding,
// and for the ones it refuses.
func parseStreamForms(s string) (Stream, error) {
	t := foldName(strings.TrimSpace(s))
	platform, name, ok := strings.Cut(t, "/")
	if !ok || !isSlug(platform) || !isSlug(name) || len(t) > maxStream {
		return "", Errorf(EINVALID, "%q is not a stream name: use %s", s, streamForm)
	}
	return Stream(t), nil
}

// foldName is the normal form of a name: NFC, Unicode full case folding,
// NFC again (folding can leave a string unnormalised). Plain ASCII takes a
// shortcut with the same result.
func foldName(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD") // refused later: U+FFFD is a symbol
	}
	return norm.NFC.String(foldCherokee(cases.Fold().String(norm.NFC.String(s))))
}

// foldCherokee gives Cherokee letters the case Unicode folds them to: the
// capitals, which were encoded first (CaseFolding.txt folds the small
// letters added in Unicode 8 to them). x/text's Fold turns the small
// letters into capitals but also the capitals into small letters
// (golang/go#46101), so a name folded once folded to something else
// again, and no name with a Cherokee letter was in normal form: Slug made
// names that ParseStream refused.
func foldCherokee(s string) string {
	if !strings.ContainsFunc(s, isCherokeeSmall) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isCherokeeSmall(r) {
			return unicode.ToUpper(r)
		}
		return r
	}, s)
}

// isCherokeeSmall reports whether r is a small Cherokee letter.
func isCherokeeSmall(r rune) bool {
	return r >= 0xAB70 && r <= 0xABBF || r >= 0x13F8 && r <= 0x13FD
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ParsePlatform reads a platform name as typed (--platform, platform
// set-class): trimmed, NFC-normalised and case-folded like a stream's
// platform, so "UPWORK" is upwork wherever a platform is typed.
func ParsePlatform(s string) (string, error) {
	t := foldName(strings.TrimSpace(s))
	if !isSlug(t) || len(t) > maxPlatform {
		return "", Errorf(EINVALID, "%q is not a platform name: use lower case letters (any script), digits and '-' (for example upwork or kofi)", s)
	}
	return t, nil
}

// maxPlatform is the longest platform name, in bytes.
const maxPlatform = 64

// plainStream reports, in one pass, whether s is already a stream name as
// ParseStream would return it: no space to trim, no upper case, two slugs
// around one slash. Imports check a stream on every row, twice, and nearly
// always it is such a name; everything else takes the long way.
func plainStream(s string) bool {
	if len(s) > 128 {
		return false
	}
	slash, prev := false, byte('/') // prev '/' marks the start of a part
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == '-':
			if prev == '-' || prev == '/' {
				return false // "--", or a part that starts with '-'
			}
		case c == '/':
			if slash || prev == '/' || prev == '-' {
				return false // a second slash, an empty platform, or one that ends with '-'
			}
			slash = true
		default:
			return false
		}
		prev = c
	}
	return slash && prev != '/' && prev != '-'
}

// MakeStream builds a stream from a platform and a free-text name (a client
// team, a product title), making a name of it with Slug and cutting it to
// 100 bytes on a character boundary. It fails only when the name has no
// letters or digits at all.
func MakeStream(platform, name string) (Stream, error) {
	slug := Slug(name)
	if slug == "" || !isSlug(platform) {
		return "", Errorf(EINVALID, "%q gives no stream name: it has no letters or digits", name)
	}
	if len(slug) > 100 {
		cut := 100
		for cut > 0 && !utf8.RuneStart(slug[cut]) {
			cut--
		}
		slug = slug[:cut]
		for slug != "" {
			// Cut back to a whole word: no trailing '-', and no word
			// left whose last character lost its combining marks.
			r, size := utf8.DecodeLastRuneInString(slug)
			if r != '-' && !unicode.IsMark(r) {
				break
			}
			slug = slug[:len(slug)-size]
		}
	}
	return Stream(platform + "/" + slug), nil
}

// Platform returns the part before the slash.
func (s Stream) Platform() string {
	p, _, _ := strings.Cut(string(s), "/")
	return p
}

// Name returns the part after the slash.
func (s Stream) Name() string {
	_, n, _ := strings.Cut(string(s), "/")
	return n
}

// Slug makes a name part of free text: NFC-normalised and case-folded as
// names are, and every run of anything but letters, combining marks and
// digits turned into one "-", trimmed at both ends: "Northwind Traders
// Ltd." -> "northwind-traders-ltd", "Müller Straße GmbH" ->
// "müller-strasse-gmbh", "Ícönś Päck" -> "ícönś-päck". A combining mark
// with no letter before it in its word is a break too.
func Slug(s string) string {
	if isASCII(s) {
		return slugASCII(s)
	}
	return slugText(s)
}

// slugASCII is Slug for plain ASCII, which nearly every name from an export
// is, without the normalisation and folding tables: an import makes a
// name of every row's client or product.
func slugASCII(s string) string {
	var b strings.Builder
	dash := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteByte(c)
		} else {
			dash = true
		}
	}
	return b.String()
}

// slugText is Slug for any text.
func slugText(s string) string {
	var b strings.Builder
	dash := false
	word := false // inside a word, where a mark may follow
	for _, r := range foldName(s) {
		if nameRune(r) && (word || !unicode.IsMark(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash, word = false, true
			b.WriteRune(r)
		} else {
			dash, word = true, false
		}
	}
	return b.String()
}

// LegacySlug is the name rule of earlier versions, for import keys only:
// lower case, every run of anything but a-z and 0-9 one "-", trimmed
// ("Müller Straße" was "m-ller-stra-e"). Importers whose keys hold a name
// keep computing them so, so that a file imported before adds nothing
// again; streams use Slug.
func LegacySlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// nameRune reports whether r may stand in a word of a name.
func nameRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// isSlug reports whether s is a name part in its normal form.
func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	prev := '-'
	for _, r := range s {
		if r == '-' {
			prev = r
			continue
		}
		if !nameRune(r) || (prev == '-' && unicode.IsMark(r)) {
			return false
		}
		prev = r
	}
	if !isASCII(s) && foldName(s) != s {
		return false // upper case, or not NFC
	}
	return true
}

// ValidPlatform reports whether s is usable as a platform name.
func ValidPlatform(s string) bool { return isSlug(s) }

// Class is a platform's class: marketplace, storefront, direct or other.
type Class uint8

// Platform classes. Direct is work for a client outside any marketplace,
// paid through a payment account (PayPal, Stripe, Wise): the claim reports
// it beside marketplace and storefront, so its share can be compared with
// UpWork's.
const (
	ClassOther Class = iota
	ClassMarketplace
	ClassStorefront
	ClassDirect
)

// MaxClass is the highest class value; the store refuses any above it.
const MaxClass = ClassDirect

var classNames = [...]string{"other", "marketplace", "storefront", "direct"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "other"
}

// ParseClass reads marketplace, storefront, direct or other.
func ParseClass(s string) (Class, error) {
	for i, n := range classNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return Class(i), nil
		}
	}
	return 0, Errorf(EINVALID, "%q is not a platform class: use marketplace, storefront, direct or other", s)
}

var builtinClasses = map[string]Class{
	"upwork": ClassMarketplace, "fiverr": ClassMarketplace, "freelancer": ClassMarketplace,
	"toptal": ClassMarketplace, "peopleperhour": ClassMarketplace,
	"shopify": ClassStorefront, "etsy": ClassStorefront, "gumroad": ClassStorefront,
	"facebook": ClassStorefront, "instagram": ClassStorefront, "payhip": ClassStorefront,
	"lemonsqueezy": ClassStorefront, "creativemarket": ClassStorefront, "kofi": ClassStorefront,
	"paypal": ClassDirect, "stripe": ClassDirect, "wise": ClassDirect, "payoneer": ClassDirect,
}

// paymentAccounts are platforms money passes through on its way to you,
// not where it is earned: their class is direct (client work), and a
// stream of another kind of money on them gets its own class.
var paymentAccounts = map[string]bool{"paypal": true, "stripe": true, "wise": true, "payoneer": true}

// IsPaymentAccount reports whether platform is a payment account earnlog
// knows (paypal, stripe, wise, payoneer).
func IsPaymentAccount(platform string) bool { return paymentAccounts[platform] }

// IsBuiltin reports whether earnlog knows platform: a marketplace, a
// storefront or a payment account.
func IsBuiltin(platform string) bool {
	_, ok := builtinClasses[platform]
	return ok || paymentAccounts[platform]
}

// BuiltinClass returns the class earnlog knows for a platform, ClassOther for
// one it does not know. A class set by the person overrides it (the store
// keeps those).
func BuiltinClass(platform string) Class { return builtinClasses[platform] }

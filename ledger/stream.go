package ledger

import "strings"

// Stream names one source of income, "platform/name": "upwork/acme-logo",
// "etsy/pixelshop". Both parts are lower-case slugs.
type Stream string

// streamForm is quoted in every stream error.
const streamForm = "platform/name in lower case, letters, digits and '-' (for example upwork/acme-logo or etsy/pixelshop)"

// ParseStream validates a stream name as typed. Upper case is folded to lower
// case; anything else that is not a slug is refused, not rewritten, so that a
// typo is seen.
func ParseStream(s string) (Stream, error) {
	if plainStream(s) {
		return Stream(s), nil
	}
	return parseStreamForms(s)
}

// parseStreamForms is ParseStream for names that need trimming or folding,
// and for the ones it refuses.
func parseStreamForms(s string) (Stream, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	platform, name, ok := strings.Cut(t, "/")
	if !ok || !isSlug(platform) || !isSlug(name) || len(t) > 128 {
		return "", Errorf(EINVALID, "%q is not a stream name: use %s", s, streamForm)
	}
	return Stream(t), nil
}

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
// team, a product title), slugging the name. It fails only when the name has
// no letters or digits at all.
func MakeStream(platform, name string) (Stream, error) {
	slug := Slug(name)
	if slug == "" || !isSlug(platform) {
		return "", Errorf(EINVALID, "%q gives no stream name: it has no letters or digits", name)
	}
	if len(slug) > 100 {
		slug = strings.TrimRight(slug[:100], "-")
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

// Slug lower-cases s and turns every run of anything but a-z and 0-9 into one
// "-", trimmed at both ends: "Northwind Traders Ltd." -> "northwind-traders-ltd".
func Slug(s string) string {
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

func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
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

// BuiltinClass returns the class earnlog knows for a platform, ClassOther for
// one it does not know. A class set by the person overrides it (the store
// keeps those).
func BuiltinClass(platform string) Class { return builtinClasses[platform] }

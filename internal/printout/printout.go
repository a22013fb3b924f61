package printout

import (
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/ledger"
	"mzdesk/internal/orgpath"
	"mzdesk/internal/quantity"
)

//go:embed templates/*.html
var files embed.FS

// pages print every day in China time (chinatime.ChineseDay), whatever zone the database
// gave the instant back in.
var pages = template.Must(template.New("").Funcs(template.FuncMap{"day": chinatime.ChineseDay}).
	ParseFS(files, "templates/*.html"))

// Row is one recipient on a delivery sheet.
type Row struct {
	No        int
	Recipient string
	Item      string
	Amount    string
	Status    string
	QR        template.HTML
}

// Sheet is a delivery sheet of one donation for the recipients in one county.
type Sheet struct {
	Donation *ent.Donation
	County   string
	Rows     []Row
}

// WriteSheet renders the delivery sheet of d (loaded with ledger.WithTrail) for the
// recipients whose county code is county, with confirm links under base (the server's
// own address as the phone will reach it). signer names the account that signs for an
// allocation ("" when none or several): its QR code then carries it, and the phone that
// scans it asks only for that account's password.
func WriteSheet(w io.Writer, d *ent.Donation, county, countyName, base string, signer func(*ent.Allocation) string) error {
	s := Sheet{Donation: d, County: countyName}
	for _, l := range d.Edges.Lines {
		it := l.Edges.Item
		for _, a := range l.Edges.Allocations {
			name, path := ledger.Recipient(a)
			if orgpath.County(path) != county {
				continue
			}
			link := fmt.Sprintf("%s/allocations/%d", base, a.ID)
			if account := signer(a); account != "" {
				link += "?account=" + url.QueryEscape(account)
			}
			qr, err := QR(link)
			if err != nil {
				return err
			}
			s.Rows = append(s.Rows, Row{No: len(s.Rows) + 1, Recipient: name, Item: it.Name,
				Amount: quantity.Format(a.Quantity, it.BaseUnit, it.PackName, it.PackSize),
				Status: string(a.Status), QR: qr})
		}
	}
	return pages.ExecuteTemplate(w, "sheet.html", s)
}

// Office is the issuing office named on every paper: the charity office of the city bureau.
const Office = "常德市民政局慈善办公室"

// Slip is one recipient's own delivery slip: what it receives, in packs and in the base
// unit, a QR code to sign on the phone, and lines for a signature, the amount received and
// the date, for the committee that signs on paper.
type Slip struct {
	Recipient string
	County    string
	Item      string
	Packs     string // "1 桶", or "" when the amount is not whole packs
	Base      string // "25 千克"
	QR        template.HTML
	Link      string
}

// Slips is every slip of a donation for the recipients in one county, printed four to an A4 page.
type Slips struct {
	Donation *ent.Donation
	Office   string
	County   string
	Pages    [][]Slip
}

// slipsPerPage is how many slips an A4 page holds, each a quarter of it to cut apart.
const slipsPerPage = 4

// WriteSlips renders one slip per allocation of d (loaded with ledger.WithTrail) whose
// recipient lies in county, with the same confirm links and signers as the district sheet.
func WriteSlips(w io.Writer, d *ent.Donation, county, countyName, base string, signer func(*ent.Allocation) string) error {
	s := Slips{Donation: d, Office: Office, County: countyName}
	var all []Slip
	for _, l := range d.Edges.Lines {
		it := l.Edges.Item
		for _, a := range l.Edges.Allocations {
			name, path := ledger.Recipient(a)
			if orgpath.County(path) != county {
				continue
			}
			link := fmt.Sprintf("%s/allocations/%d", base, a.ID)
			if account := signer(a); account != "" {
				link += "?account=" + url.QueryEscape(account)
			}
			qr, err := QR(link)
			if err != nil {
				return err
			}
			slip := Slip{Recipient: name, County: countyName, Item: it.Name, QR: qr, Link: link,
				Base: quantity.Format(a.Quantity, it.BaseUnit, "", 0)}
			if it.PackSize > 0 && a.Quantity%it.PackSize == 0 {
				slip.Packs = fmt.Sprintf("%d %s", a.Quantity/it.PackSize, it.PackName)
			}
			all = append(all, slip)
		}
	}
	for len(all) > 0 {
		n := min(slipsPerPage, len(all))
		s.Pages, all = append(s.Pages, all[:n]), all[n:]
	}
	return pages.ExecuteTemplate(w, "slips.html", s)
}

// Certificate is a donor certificate as its reader may see it. Its address names the
// donation by a random token; the donor's full name, the check code and the QR code that
// carries it are shown only to a reader who came with that code (the QR printed on the
// certificate handed to the donor, or the charity office's link). Anyone else sees what
// the public pages show: a private donor is 爱心人士.
type Certificate struct {
	Donation *ent.Donation
	Donor    string
	Lines    []string
	Code     string
	QR       template.HTML
	// Office issues the certificate, on Issued (today, China time); Trail is the donation's
	// public trail, with TrailQR to open it from the paper.
	Office  string
	Issued  time.Time
	Trail   string
	TrailQR template.HTML
	// Checked is set when the page was opened with a code; Valid says whether it matched.
	Checked, Valid bool
}

// PublicPath is the address of d's public certificate.
func PublicPath(d *ent.Donation) string {
	return "/certificates/" + url.PathEscape(*d.PublicToken)
}

// Path is the address of d's certificate (d loaded with its donor and lines) with its
// check code: the link that shows the full certificate.
func Path(key []byte, d *ent.Donation) string {
	return PublicPath(d) + "?code=" + Code(key, d)
}

// Matches reports whether presented is d's check code.
func Matches(key []byte, d *ent.Donation, presented string) bool {
	return presented != "" && hmac.Equal([]byte(strings.ToUpper(presented)), []byte(Code(key, d)))
}

// WriteCertificate renders d's certificate (d loaded with ledger.WithTrail): in full when
// presented is its check code, which the server recomputes from the current records (a
// forged or altered certificate does not match), and otherwise as the public pages show it.
func WriteCertificate(w io.Writer, d *ent.Donation, key []byte, base, presented string) error {
	c := Certificate{Donation: d, Donor: ledger.PublicName(d.Edges.Donor), Checked: presented != "", Valid: Matches(key, d, presented),
		Office: Office, Issued: time.Now(), Trail: fmt.Sprintf("%s/public/donations/%d", base, d.ID)}
	var err error
	if c.TrailQR, err = QR(c.Trail); err != nil {
		return err
	}
	for _, l := range d.Edges.Lines {
		it := l.Edges.Item
		c.Lines = append(c.Lines, it.Name+" "+quantity.Format(l.Quantity, it.BaseUnit, it.PackName, it.PackSize))
	}
	if c.Valid {
		c.Donor, c.Code = d.Edges.Donor.Name, Code(key, d)
		if c.QR, err = QR(base + Path(key, d)); err != nil {
			return err
		}
	}
	return pages.ExecuteTemplate(w, "certificate.html", c)
}

// Key derives the key of certificate codes from the server's secret, so that every
// replica computes the same codes without another secret to configure.
func Key(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("mzdesk donor certificates"))
	return m.Sum(nil)
}

// Code is a certificate's check code: an HMAC of what the certificate states.
func Code(key []byte, d *ent.Donation) string {
	m := hmac.New(sha256.New, key)
	_, _ = fmt.Fprintf(m, "mzdesk certificate\n%d\n%s\n%s\n%s\n", d.ID, d.ReceiptNo, d.Edges.Donor.Name, d.DonatedOn.UTC().Format("2006-01-02"))
	for _, l := range d.Edges.Lines {
		_, _ = fmt.Fprintf(m, "%d:%s\n", l.ItemID, l.Quantity) // a hash takes every write
	}
	return strings.ToUpper(hex.EncodeToString(m.Sum(nil))[:16])
}

package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/collabcheck/collabcheck/internal/report/pdftext"
	"github.com/collabcheck/collabcheck/internal/secure"
)

// chromiumPath finds Debian's chromium (or the browser named by
// COLLABCHECK_CHROMIUM). ./scripts/test installs chromium when it is
// missing and it runs as root; the end-to-end test fails without it rather
// than skip, so a missing browser is never mistaken for a passing UI.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("COLLABCHECK_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("the end-to-end test needs a Chromium browser and found none: install Debian's chromium (apt-get install -y chromium; ./scripts/test does so when run as root) or set COLLABCHECK_CHROMIUM to a Chrome or Chromium binary")
	return ""
}

// screenshotDir is where the test saves screenshots of the main pages
// (git-ignored): COLLABCHECK_SCREENSHOTS, else ./screenshots at the root of
// the module.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("COLLABCHECK_SCREENSHOTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		for d := wd; ; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				dir = filepath.Join(d, "screenshots")
				break
			}
			if filepath.Dir(d) == d {
				dir = filepath.Join(wd, "screenshots")
				break
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserSession drives one headless Chromium against the test server.
type browserSession struct {
	t        *testing.T
	ctx      context.Context
	base     string
	shots    string
	download string
}

func (b *browserSession) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		// Keep what the browser showed, to see why.
		if png, serr := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)); serr == nil {
			_ = os.WriteFile(filepath.Join(b.shots, "failed.png"), png, 0o644)
		}
		b.t.Fatalf("%s: %v (the page is saved as failed.png)", what, err)
	}
}

// text returns the text of the page's main element.
func (b *browserSession) text() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		b.t.Fatalf("read the page: %v", err)
	}
	return s
}

func (b *browserSession) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func heading(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//h1[contains(., %q)]`, text))
}

func button(text string) chromedp.Search {
	return chromedp.Search(fmt.Sprintf(`//button[normalize-space(.)=%q]`, text))
}

func (b *browserSession) signIn(email string) {
	b.t.Helper()
	b.do("sign in as "+email,
		chromedp.Navigate(b.base+"/"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(button("Sign in")),
		chromedp.WaitVisible(heading("Dashboard")),
	)
}

func (b *browserSession) signOut() {
	b.t.Helper()
	b.do("sign out", chromedp.Click(button("Sign out")), chromedp.WaitVisible(chromedp.ID("email")))
}

// downloadBy clicks what starts a download and returns the saved file.
func (b *browserSession) downloadBy(what string, click chromedp.Action[chromedp.Void]) []byte {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, time.Minute)
	defer cancel()
	events := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	b.do(what, click)
	for ev, err := range events {
		if err != nil {
			b.t.Fatalf("%s: waiting for the download: %v", what, err)
		}
		switch ev.State {
		case browser.DownloadProgressStateCompleted:
			data, err := os.ReadFile(filepath.Join(b.download, ev.GUID))
			if err != nil {
				b.t.Fatalf("%s: %v", what, err)
			}
			return data
		case browser.DownloadProgressStateCanceled:
			b.t.Fatalf("%s: the download was cancelled", what)
		}
	}
	b.t.Fatalf("%s: no download completed", what)
	return nil
}

// newCase fills the new-collaboration form and returns the case page's
// path.
func (b *browserSession) newCase(title string) string {
	b.t.Helper()
	b.do("fill the new-collaboration form",
		chromedp.Navigate(b.base+"/cases/new"),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("summary"), "Guidance and control of hypersonic glide vehicles, with wind tunnel tests of scramjet inlets."),
		chromedp.SendKeys(chromedp.ID("countries"), "GB, CN"),
		chromedp.Click(chromedp.ID("data-other_sensitive")),
		chromedp.SendKeys(chromedp.CSS(`[id="partner.name.0"]`), "Harbin Institute of Technology"),
		chromedp.SendKeys(chromedp.CSS(`[id="partner.country.0"]`), "CN"),
		chromedp.SendKeys(chromedp.CSS(`[id="partner.name.1"]`), "University of Northmoor"),
		chromedp.SendKeys(chromedp.CSS(`[id="partner.country.1"]`), "GB"),
		chromedp.SendKeys(chromedp.ID("duration_months"), "24"),
	)
	b.shot("case-new")
	b.do("save the collaboration", chromedp.Click(chromedp.ID("save")), chromedp.WaitVisible(heading(title)))
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatal(err)
	}
	i := strings.Index(loc, "/cases/")
	if i < 0 {
		b.t.Fatalf("after saving, the browser is at %s", loc)
	}
	return strings.SplitN(loc[i:], "?", 2)[0]
}

// TestEndToEndBrowser drives Debian's chromium through the pages: sign
// in, screen a name and read the explanation, create a collaboration, see
// its assessment, decide it, download its PDF report, refer another case
// and find it in the adviser's queue and nowhere else, and bulk-screen a
// spreadsheet. It saves screenshots of the main pages.
func TestEndToEndBrowser(t *testing.T) {
	exe := chromiumPath(t)
	e := newEnv(t, true, nil)
	w := newWorld(t, e, nil)

	downloads := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx)
	defer cancelBrowser()
	b := &browserSession{t: t, ctx: bctx, base: e.srv.URL, shots: screenshotDir(t), download: downloads}
	on := true
	if _, err := chromedp.CallBrowser(bctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &on}); err != nil {
		t.Fatalf("start chromium (%s) and allow downloads: %v", exe, err)
	}
	// Open the tab on the long-lived context, so the steps' shorter
	// timeouts never close it.
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("open a tab in chromium: %v", err)
	}

	// Sign in: the dashboard is behind the sign-in page.
	b.do("open the site", chromedp.Navigate(b.base+"/lists"), chromedp.WaitVisible(chromedp.ID("email")))
	b.shot("signin")
	b.signIn("a.officer@alpha-mail.example")

	// Screen a name and read the explanation of the hit.
	b.do("screen a name",
		chromedp.Navigate(b.base+"/screen"),
		chromedp.SendKeys(chromedp.ID("name"), "Harbin Institute of Technology"),
		chromedp.Click(button("Screen")),
		chromedp.WaitVisible(chromedp.Search(`//h2[normalize-space(.)="Results"]`)),
	)
	if txt := b.text(); !strings.Contains(txt, "Hit: Harbin Institute of Technology") || !strings.Contains(txt, "Why: the aligned tokens") || !strings.Contains(txt, "very high risk") {
		t.Errorf("the screening page does not explain the hit:\n%s", txt)
	}
	b.shot("screen")

	// Create a collaboration and see its assessment.
	caseURL := b.newCase("E2E glide vehicle study")
	txt := b.text()
	for _, want := range []string{"Collaboration recorded and assessed.", "Findings", "Harbin Institute of Technology", "Mitigation checklist", "Recommended outcome"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the case page does not show %q", want)
		}
	}
	b.shot("case")

	// Decide: submit, start the review, record a decision.
	b.do("submit", chromedp.Click(button("Submit for review")), chromedp.WaitVisible(button("Start review")))
	b.do("review", chromedp.Click(button("Start review")), chromedp.WaitVisible(chromedp.ID("rationale")))
	b.do("decide",
		chromedp.SetValue(chromedp.ID("outcome"), "do_not_proceed"),
		chromedp.SendKeys(chromedp.ID("rationale"), "The partner is a listed defence university and the work is sensitive."),
		chromedp.Click(button("Record the decision")),
		chromedp.WaitVisible(button("Close the case")),
	)
	if txt := b.text(); !strings.Contains(txt, "Decision recorded.") || !strings.Contains(txt, "Do not proceed") {
		t.Errorf("the decision is not shown:\n%s", txt)
	}
	b.shot("case-decided")

	// Download the PDF report and read its text.
	pdf := b.downloadBy("download the PDF report", chromedp.Click(chromedp.Search(`//a[normalize-space(.)="Assessment report (PDF)"]`)))
	text, err := pdftext.Extract(pdf)
	if err != nil {
		t.Fatalf("the downloaded report is not a readable PDF: %v", err)
	}
	for _, want := range []string{"E2E glide vehicle study", "Harbin Institute of Technology", "Do not proceed", "The partner is a listed defence university"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF report does not say %q:\n%s", want, text)
		}
	}

	// Refer another case; it shows in Advice Team One's queue only.
	referURL := b.newCase("E2E referred sensor project")
	b.do("submit and review", chromedp.Click(button("Submit for review")), chromedp.WaitVisible(button("Start review")),
		chromedp.Click(button("Start review")), chromedp.WaitVisible(chromedp.ID("tenant_id")))
	b.do("refer",
		chromedp.SetValue(chromedp.ID("tenant_id"), fmt.Sprint(w.tenants["adv1"].ID)),
		chromedp.SendKeys(chromedp.ID("refer-note"), "Defence-linked partner."),
		chromedp.Click(button("Refer")),
		chromedp.WaitVisible(chromedp.Search(`//p[contains(., "Case referred.")]`)),
	)
	b.do("dashboard", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(heading("Dashboard")))
	if txt := b.text(); !strings.Contains(txt, "E2E glide vehicle study") || !strings.Contains(txt, "E2E referred sensor project") {
		t.Errorf("the officer's dashboard does not list the cases:\n%s", txt)
	}
	b.shot("dashboard")
	b.do("other pages", chromedp.Navigate(b.base+"/lists"), chromedp.WaitVisible(heading("Lists")))
	b.shot("lists")
	b.do("organisations", chromedp.Navigate(b.base+"/orgs?q=Harbin"), chromedp.WaitVisible(chromedp.Search(`//a[contains(., "Harbin Institute of Technology")]`)),
		chromedp.Click(chromedp.Search(`//td/a[normalize-space(.)="Harbin Institute of Technology"]`)), chromedp.WaitVisible(heading("Harbin Institute of Technology")))
	b.shot("org")
	b.signOut()

	b.signIn("adv1.adviser@adv1-mail.example")
	b.do("adviser's queue", chromedp.Navigate(b.base+"/queue"), chromedp.WaitVisible(heading("Referral queue")))
	if txt := b.text(); !strings.Contains(txt, "E2E referred sensor project") || strings.Contains(txt, "E2E glide vehicle study") {
		t.Errorf("Advice Team One's queue:\n%s", txt)
	}
	b.shot("queue")
	b.do("open the referred case", chromedp.Click(chromedp.Search(`//a[contains(., "E2E referred sensor project")]`)), chromedp.WaitVisible(button("Give advice")))
	b.signOut()
	for _, email := range []string{"adv2.adviser@adv2-mail.example", "b.officer@bravo-mail.example", "a.adviser@alpha-mail.example"} {
		b.signIn(email)
		for _, p := range []string{"/", "/queue"} {
			b.do("open "+p, chromedp.Navigate(b.base+p), chromedp.WaitVisible(chromedp.CSS("main h1")))
			if txt := b.text(); strings.Contains(txt, "E2E referred sensor project") {
				t.Errorf("%s sees the referred case on %s", email, p)
			}
		}
		resp, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(b.base+referURL))
		if err != nil || resp.Status != 404 {
			t.Errorf("%s opens the referred case: %v %v", email, err, resp)
		}
		b.signOut()
	}

	b.companyPages(e)

	// Bulk-upload a spreadsheet and open the result.
	b.signIn("a.admin@alpha-mail.example")
	sheet := filepath.Join(t.TempDir(), "partners.csv")
	if err := os.WriteFile(sheet, []byte("Organisation,Country\nHarbin Institute of Technology,CN\nWessex Institute for Climate Research,GB\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.do("upload a sheet",
		chromedp.Navigate(b.base+"/screen"),
		chromedp.SetUploadFiles(chromedp.ID("sheet"), []string{sheet}),
		chromedp.Click(button("Upload and screen")),
		chromedp.WaitVisible(chromedp.Search(`//a[normalize-space(.)="Download the sheet with the results"]`)),
	)
	if txt := b.text(); !strings.Contains(txt, "2 rows screened") {
		t.Errorf("the bulk job page:\n%s", txt)
	}
	b.shot("bulk")
	out := b.downloadBy("download the screened sheet", chromedp.Click(chromedp.Search(`//a[normalize-space(.)="Download the sheet with the results"]`)))
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][len(rows[0])-1] != "Status" || rows[1][len(rows[1])-1] != "hit" || rows[2][len(rows[2])-1] != "clear" {
		t.Errorf("the screened sheet (err %v): %q", err, rows)
	}
	b.do("administration", chromedp.Navigate(b.base+"/admin"), chromedp.WaitVisible(heading("Administration")))
	b.shot("admin")
	// A phone-sized screen: the tables reflow.
	b.do("phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(b.base+caseURL), chromedp.WaitVisible(heading("E2E glide vehicle study")))
	b.shot("case-phone")
}

// companyPages signs in as a company user, takes the self-review twice
// (the second time better) and triages an invented quantum deal whose
// investor is owned by a listed holding company, saving screenshots.
func (b *browserSession) companyPages(e *testEnv) {
	t := b.t
	t.Helper()
	e.load(quantumLists)
	qn, err := secure.DefaultQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	b.signIn("co.officer@co-mail.example")
	if txt := b.text(); strings.Contains(txt, "Portfolio summary") {
		t.Errorf("the company dashboard shows the portfolio:\n%s", txt)
	}
	for round, pick := range []func(secure.Question) string{worst, best} {
		steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(b.base + "/review"), chromedp.WaitVisible(heading("Secure innovation self-review"))}
		for _, p := range qn.Principles {
			for _, q := range p.Questions {
				steps = append(steps, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[id="q.%s-%s"]`, q.ID, pick(q)))))
			}
		}
		b.do("answer the self-review", steps...)
		if round == 0 {
			b.shot("review-form")
		}
		b.do("score the answers", chromedp.Click(chromedp.ID("score")), chromedp.WaitVisible(heading("Self-review: ")))
	}
	txt := b.text()
	for _, want := range []string{"Maturity by principle", "Progress since", "Done since", "Action plan"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the review result does not show %q", want)
		}
	}
	b.shot("review-result")
	b.do("review history", chromedp.Navigate(b.base+"/reviews"), chromedp.WaitVisible(heading("Self-reviews")))
	b.shot("reviews")
	b.do("triage a deal",
		chromedp.Navigate(b.base+"/triage"),
		chromedp.WaitVisible(chromedp.ID("product")),
		chromedp.SetValue(chromedp.ID("company"), "Qubitfen Ltd"),
		chromedp.SendKeys(chromedp.ID("company_country"), "GB"),
		chromedp.SetValue(chromedp.ID("type"), "investment"),
		chromedp.SendKeys(chromedp.ID("product"), "Superconducting qubit processors and cryogenic control electronics for quantum computing, with error correction for fault-tolerant quantum computers."),
		chromedp.SendKeys(chromedp.CSS(`[id="cp.name.0"]`), "Brackenridge Frontier Capital Fund"),
		chromedp.SetValue(chromedp.CSS(`[id="cp.role.0"]`), "investor"),
		chromedp.SendKeys(chromedp.CSS(`[id="cp.country.0"]`), "LU"),
		chromedp.SendKeys(chromedp.CSS(`[id="cp.stake_percent.0"]`), "30"),
		chromedp.Click(chromedp.ID("triage")),
		chromedp.WaitVisible(chromedp.ID("result-h")),
	)
	txt = b.text()
	for _, want := range []string{"May be notifiable", "owned by a listed party", "Northgale Strategic Holdings", "Next steps"} {
		if !strings.Contains(txt, want) {
			t.Errorf("the triage result does not show %q", want)
		}
	}
	b.shot("triage")
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(b.base+"/lists"))
	if err != nil || resp.Status != 403 {
		t.Errorf("a company user opens the lists page: %v %v", err, resp)
	}
	b.do("back to the dashboard", chromedp.Navigate(b.base+"/"), chromedp.WaitVisible(heading("Dashboard")))
	b.signOut()
}

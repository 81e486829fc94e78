package resolve

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/collabcheck/collabcheck/internal/match"
	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
	"golang.org/x/text/encoding/charmap"
)

func org(id, country, status string, names ...string) registry.Org {
	o := registry.Org{ID: "https://ror.org/" + id, Country: country, Status: status}
	for i, n := range names {
		typ := registry.NameAlias
		if i == 0 {
			typ = registry.NameDisplay
		}
		o.Names = append(o.Names, registry.Name{Value: n, Types: []string{typ}})
	}
	return o
}

// fixture is a small invented registry.
func fixture() *Resolver {
	uni := org("0uni00001", "gb", "active", "University of Northwold")
	uni.Types = []string{"education"}
	fund := org("0fun00001", "gb", "active", "Westhaven Medical Institute")
	fund.Types = []string{"facility", "funder"}
	lab := org("0lab00001", "gb", "active", "Northwold Institute of Marine Acoustics")
	lab.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	hosp := org("0hos00001", "gb", "active", "Eastmere General Hospital")
	old := org("0old00001", "gb", "inactive", "Eastmere College of Nursing")
	old.Relationships = []registry.Relationship{{Type: registry.RelSuccessor, ID: uni.ID}}
	zh := org("0zh000001", "cn", "active", "Example University of Technology", "示例理工大学")
	twinA := org("0twa00001", "us", "active", "Lakeside University")
	twinB := org("0twb00001", "ca", "active", "Lakeside University")
	// Two organisations whose names differ only in word order.
	ordA := org("0orda0001", "us", "active", "University of Westbrook")
	ordB := org("0ordb0001", "us", "active", "Westbrook University")
	// A university and its medical school, registered apart: the
	// university stands for it.
	med := org("0med00001", "us", "active", "Hollins University School of Medicine")
	hol := org("0hol00001", "us", "active", "Hollins University")
	med.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hol.ID}}
	// A university whose parent is outside the registry, and an institute
	// of an unrelated organisation that the string does not name.
	east := org("0eas00001", "us", "active", "University of Eastvale")
	east.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: "https://ror.org/0missing1", Label: "Eastvale Higher Education System"}}
	myo := org("0myo00001", "fr", "active", "Institute of Myology")
	myo.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hosp.ID}}
	// A laboratory whose sites abroad are listed under its very name.
	nml := org("0nml00001", "de", "active", "Northwold Marine Laboratory")
	siteA := org("0nma00001", "fr", "active", "Northwold Marine Laboratory")
	siteB := org("0nmb00001", "it", "active", "Northwold Marine Laboratory")
	siteA.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: nml.ID}}
	siteB.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: nml.ID}}
	// Two universities told apart by word order only.
	ebA := org("0eba00001", "us", "active", "University of Eastbrook")
	ebB := org("0ebb00001", "us", "active", "Eastbrook University in Northtown")
	ebB.Types = []string{"education"}
	// A centre whose name also begins "Eastbrook University", not one of
	// its units in the registry.
	ebC := org("0ebc00001", "us", "active", "Eastbrook University Rowing Centre")
	ebC.Types = []string{"facility"}
	// A university system whose campuses carry its name.
	sys := org("0sys00001", "us", "active", "University of Westmarch")
	sys.Types = []string{"education", "funder"}
	north := org("0nor00001", "us", "active", "University of Westmarch, Northtown")
	south := org("0sou00001", "us", "active", "University of Westmarch, Southtown")
	north.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	// A campus whose registered name ends with its city.
	eport := org("0wea00001", "us", "active", "University of Westmarch, Eastport")
	eport.City = "Eastport"
	eport.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	south.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	for _, c := range []*registry.Org{&north, &south, &eport} {
		c.Types = []string{"education", "funder"}
	}
	// Two campuses in one town, one far more prominent (the registry
	// relates a dozen records to it).
	lowU := org("0lwu00001", "us", "active", "Lowmere University")
	lowC := org("0lwc00001", "us", "active", "Lowmere State College")
	lowU.City, lowC.City = "Lowmere", "Lowmere"
	lowU.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	lowC.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	for k := range 12 {
		lowU.Relationships = append(lowU.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/0lwk%05d", k)})
	}
	// A university in a city that another university is named after.
	fcu := org("0fcu00001", "us", "active", "Florida Coastal University")
	fcu.City, fcu.Region = "Seaport", "Gulfshore"
	sea := org("0sea00001", "us", "active", "University of Seaport")
	sea.City = "Seaport"
	// A company with no head word the parser cuts a unit's name at.
	cgx := org("0cgx00001", "us", "active", "Corvell Genetics")
	cgx.City, cgx.Region = "Brayton", "Lonestar"
	itm := org("0itm00001", "fr", "active", "Institut des Marées")
	itm.City, itm.Region = "Palaiseau", "Île-de-France"
	// Acronyms: one held by a single organisation, one by two in different
	// countries, one only two letters long.
	kavi := withAcronym(org("0kav00001", "kr", "active", "Korvan Advanced Institute of Science"), "KAVI")
	zitA := withAcronym(org("0zia00001", "de", "active", "Zellner Institute of Technology"), "ZIT")
	zitB := withAcronym(org("0zib00001", "jp", "active", "Zama Institute of Textiles"), "ZIT")
	mt := withAcronym(org("0mt000001", "us", "active", "Midland Tern College"), "MT")
	// A university whose registered name has a benefactor's name first.
	stb := org("0stb00001", "de", "active", "Philippa University of Stonebridge")
	stb.Types = []string{"education"}
	// A namesake abroad of a unit of a national agency.
	nhi := org("0nhi00001", "lt", "active", "National Heart Institute")
	nha := org("0nha00001", "us", "active", "National Health Agency")
	// A college named after a place, and no university there.
	wmc := org("0wmc00001", "us", "active", "Westmoor College")
	// Two "Vale University" and one "University of Vale".
	valeA := org("0vaa00001", "au", "active", "Vale University")
	valeB := org("0vab00001", "nz", "active", "Vale University")
	uVale := org("0uva00001", "ca", "active", "University of Vale")
	// An academy of sciences and one of its institutes.
	acad := org("0aca00001", "xx", "active", "Westland Academy of Sciences")
	acad.Types = []string{"funder", "government"}
	tid := org("0tid00001", "xx", "active", "Institute of Tidal Physics")
	tid.Types = []string{"facility"}
	tid.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: acad.ID}}
	// Two universities whose Chinese names read alike in pinyin.
	blA := org("0bla00001", "cn", "active", "University of Beiling", "北岭大学")
	blB := org("0blb00001", "cn", "active", "Beiling University", "贝岭大学")
	// An institute of a university abroad, namesake of a unit of
	// another university.
	fjord := org("0fjo00001", "no", "active", "Fjordland University")
	fjord.Types = []string{"education"}
	gen := org("0gen00001", "no", "active", "Institute of Tidal Genetics")
	gen.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: fjord.ID}}
	// An organisation registered under a short capitalised name only.
	kel := org("0kel00001", "jp", "active", "KELVO")
	dun := org("0dun00001", "gb", "active", "Dunmore University")
	dun.Types = []string{"education"}
	// An institute abroad with a name of common words, and a university
	// registered under a longer name than authors write.
	coast := org("0coa00001", "jp", "active", "Institute of Coastal Ecology")
	brk := org("0brk00001", "il", "active", "Brackenridge University of Eastport")
	brk.Types = []string{"education"}
	dnr := org("0dnr00001", "de", "active", "University of Dunraven")
	dnr.Types = []string{"education"}
	tam := org("0tam00001", "jp", "active", "Tamsin University of Science")
	tam.Types = []string{"education"}
	// An institute abroad whose words a later laboratory repeats, and a
	// university; a centre whose name the parser splits at "and", and an
	// institute named by common words alone; a site of a laboratory in
	// another country.
	tmed := org("0tme00001", "us", "active", "Institute of Tidal Medicine")
	cor := org("0cor00001", "cn", "active", "Corvale University")
	cor.Types = []string{"education"}
	brw := org("0brw00001", "us", "active", "Brightwater Cancer Center & Research Institute")
	ifr := org("0ifr00001", "es", "active", "Institute for Research")
	nbi := org("0nbi00001", "gb", "active", "Northwold Bioinformatics Institute")
	nbi.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: nml.ID}}
	// An institute, and an organisation abroad whose acronym is one
	// letter-sound off an acronym authors write for another.
	mar := org("0mar00001", "es", "active", "Instituto Marlowe")
	tov := withAcronym(org("0tov00001", "fr", "active", "Centre for Torvel Studies"), "TOVESA")
	// A system of universities and its flagship, named apart.
	csys := org("0csy00001", "us", "active", "Corbin University System", "Corbin University")
	cea := org("0cea00001", "us", "active", "Corbin University at Easton")
	cea.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: csys.ID}}
	// A university's healthcare system, known also by its medical
	// centre's name, and a hospital of it.
	dvu := org("0dvu00001", "kr", "active", "Dunvale University")
	dvu.Types = []string{"education"}
	dvs := org("0dvs00001", "kr", "active", "Dunvale University Healthcare System", "Dunvale University Medical Center")
	dvh := org("0dvh00001", "kr", "active", "Dunvale University Hospital")
	dvh.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: dvs.ID}}
	// An institute whose name authors abbreviate, and an organisation
	// abroad that holds the same letters as its acronym.
	tci := org("0tci00001", "de", "active", "Tarnwell Cardiac Institute")
	tci.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: stb.ID}}
	zav := org("0zav00001", "hr", "active", "Zavod za Tiskanje", "TCI")
	kes := org("0kes00001", "gb", "active", "Kestrel Vale University")
	kes.Types = []string{"education"}
	// A clinic that runs a college of medicine the registry does not hold.
	hcl := org("0hcl00001", "us", "active", "Harrowgate Clinic")
	hcl.Types = []string{"healthcare"}
	// A federal university and a college of it that is also known by
	// the university's words in another order.
	fed := org("0fed00001", "gb", "active", "University of Harwick")
	fed.Types = []string{"education"}
	hwc := org("0hwc00001", "gb", "active", "Harwick City College", "Harwick University")
	hwc.Types = []string{"education"}
	hwc.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: fed.ID}}
	// A university and a hospital whose Chinese name holds the
	// university's ("affiliated to"), with no relationship recorded.
	znu := org("0znu00001", "cn", "active", "Example Normal University", "示例师范大学")
	znu.Types = []string{"education"}
	zrh := org("0zrh00001", "cn", "active", "Riverside Hospital", "示例师范大学附属河畔医院")
	zrh.Types = []string{"healthcare"}
	// An academy and one of its institutes, with their Chinese names.
	zac := org("0zac00001", "cn", "active", "Eastridge Academy of Sciences", "东岭科学院")
	zti := org("0zti00001", "cn", "active", "Eastridge Institute of Tidal Physics", "东岭科学院潮汐物理研究所")
	zti.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: zac.ID}}
	// A university and its teaching hospital, not related in the
	// registry; the hospital is a healthcare organisation.
	hvu := org("0hvu00001", "np", "active", "Harrowvale University")
	hvu.Types = []string{"education"}
	hvh := org("0hvh00001", "np", "active", "Harrowvale University Teaching Hospital")
	hvh.Types = []string{"healthcare"}
	// A children's hospital that is a part of the teaching hospital.
	hvc := org("0hvc00001", "np", "active", "Harrowvale University Children's Hospital")
	hvc.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hvh.ID}}
	// A name with its article, and another organisation's alias
	// without it.
	// A company named by two letters, and an association whose legal
	// form is written as initials.
	cna := org("0cna00001", "jp", "active", "C&N Corporation")
	// A company whose one word resembles a town's name.
	snp := org("0snp00001", "jp", "active", "Sunpot Co., Ltd.")
	cnw := org("0cnw00001", "mx", "active", "El Colegio de Westmarch, N.C.")
	// Two numbered universities of one city.
	// An academy's institute registered under the academy's name and its
	// own, and a namesake abroad of its own name.
	ema := org("0ema00001", "cz", "active", "Eastmark Academy of Sciences")
	emn := org("0emn00001", "cz", "active", "Eastmark Academy of Sciences, Nuclear Tide Institute")
	emn.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: ema.ID}}
	nti := org("0ant00001", "pl", "active", "Institute of Nuclear Tide")
	// A research institute with sections in several cities, more than
	// a screen returns.
	tin := org("0tin00001", "it", "active", "Istituto Nazionale di Maree")
	tin.Types = []string{"facility"}
	var sections []registry.Org
	for i, city := range []string{"Aldena", "Borvia", "Corsano", "Dalmino", "Elvara", "Fossena", "Grenzo", "Ilvara", "Lumezza", "Morrano", "Pavoria"} {
		sec := org(fmt.Sprintf("0ts%02d0001", i), "it", "active", "Istituto Nazionale di Maree, Sezione di "+city)
		sec.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: tin.ID}}
		sec.City = city
		sections = append(sections, sec)
	}
	// Namesakes, one told apart by its town in its registered name.
	wbu := org("0wbu00001", "in", "active", "Westbay University")
	wbv := org("0wbv00001", "in", "active", "Westbay University")
	wbh := org("0wbh00001", "in", "active", "Westbay University, Harlowganj")
	wo1 := org("0wo100001", "dz", "active", "University of Westoran 1 Amadou Ben Bella", "University of Westoran")
	wo2 := org("0wo200001", "dz", "active", "University of Westoran 2 Musa Ben Kaci")
	efu := org("0efu00001", "gb", "active", "The Eastfield University")
	efp := org("0efp00001", "pt", "active", "Universidade de Eastfield", "Eastfield University")
	zko := org("0zko00001", "kr", "active", "Dongnyeong National University", "동령대학교")
	zko.Types = []string{"education"}
	// Namesakes told apart by how many records the registry relates to
	// each (in records outside this registry too, as in a subset): the
	// one with many parts, also known by a former name that a small
	// college bears today.
	rbU := org("0rbu00001", "us", "active", "Riverbend University", "Crownfield College")
	rbP := org("0rbp00001", "ph", "active", "Riverbend University")
	cfc := org("0cfc00001", "ca", "active", "Crownfield College")
	// Namesakes alike in prominence: one bears the name officially, the
	// other only as another name it is known by.
	// A university beside a college whose name only relates to its
	// words and a university whose name only resembles them.
	qby := org("0qby00001", "us", "active", "Quenby University")
	qbc := org("0qbc00001", "ca", "active", "Quenby College")
	qbl := org("0qbl00001", "lk", "active", "University of Quenbo")
	// A unit the registry names "X at the University of Y", part of a
	// society the string does not name.
	hsoc := org("0hso00001", "at", "active", "Ashgrove Society")
	hnet := org("0hnm00001", "at", "active", "Ashgrove Institute for Network Medicine at the University of Brenlow")
	hnet.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hsoc.ID}}
	uqb := org("0uqb00001", "at", "active", "University of Brenlow")
	uqb.Types = []string{"education"}
	// A name the registry writes with a dash.
	mila := org("0mil00001", "ca", "active", "Quillby - Institute for Machine Minds")
	// An institute of technology named after its town, beside a namesake
	// of its generic words.
	kit := org("0kit00001", "cn", "active", "Kelsby Institute of Technology")
	iot := org("0iot00001", "np", "active", "Institute of Technology")
	jit := org("0jit00001", "us", "active", "Jordan Institute of Technology")
	// A college also known as its university, beside a namesake abroad
	// of its college's name.
	hcw := org("0hcw00001", "ie", "active", "Hollow College Westford", "University of Westford")
	hcw.Types = []string{"education"}
	hcu := org("0hcu00001", "us", "active", "Hollow College")
	// An institute abroad, and two universities of one country that a
	// segment's words fit alike.
	ime := org("0ime00001", "de", "active", "Institute of Marine Epigenetics")
	ime.Types = []string{"facility"}
	brn := org("0brn00001", "us", "active", "Brenton University")
	brs := org("0brs00001", "us", "active", "Brenton University")
	// Namesakes told apart by word order, one of them with a school
	// named after a benefactor.
	utr := org("0utr00001", "us", "active", "University of Tarrow")
	utr.Types = []string{"education"}
	tru := org("0tru00001", "us", "active", "Tarrow University")
	tru.Types = []string{"education"}
	utw := org("0utw00001", "us", "active", "University of Tarrow Westgate Medical Center")
	// A medical school the registry names without its head word, beside
	// its university.
	hmed := org("0hme00001", "us", "active", "Harlan Keyes Medicine")
	hmed.Types = []string{"healthcare"}
	hkun := org("0hku00001", "us", "active", "Harlan Keyes University")
	hkun.Types = []string{"education"}
	// An institute, and a foundation abroad known by another name that
	// holds the institute's.
	qis := org("0qis00001", "il", "active", "Quorn Institute of Science")
	qis.Types = []string{"education"}
	quk := org("0quk00001", "gb", "active", "Quorn UK", "The Quorn Institute Foundation")
	quk.Types = []string{"nonprofit"}
	// A prominent university and a small namesake college abroad.
	tmu := org("0tmu00001", "us", "active", "Ravenel University")
	tmu.Types = []string{"education"}
	withChildren(&tmu, "0tmc0000")
	tmc := org("0tmc00009", "ca", "active", "Ravenel College")
	tmc.Types = []string{"education"}
	// A Hong Kong university and its namesake campus on the mainland,
	// both known by one acronym.
	hkq := withAcronym(org("0hkq00001", "hk", "active", "Harbourview University of Science"), "HVUS")
	hkq.Types = []string{"education"}
	hkg := withAcronym(org("0hkg00001", "cn", "active", "Harbourview University of Science (Nansha)"), "HVUS")
	hkg.Types = []string{"education"}
	// A federal university and a college of it that is an institution
	// of its own.
	kfed := org("0kfd00001", "gb", "active", "University of Kestrelmoor")
	kfed.Types = []string{"education"}
	kcol := org("0kfc00001", "gb", "active", "Hallam College Kestrelmoor")
	kcol.Types = []string{"education", "funder"}
	kcol.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: kfed.ID}}
	// Namesake universities named by direction words alone, one far more
	// prominent.
	seU := org("0seu00001", "us", "active", "Southeastern University")
	seU.Types = []string{"education"}
	withChildren(&seU, "0sec0000")
	seP := org("0sep00001", "ph", "active", "Southeastern University")
	seP.Types = []string{"education"}
	// A centre the registry names shorter than its full name, beside a
	// namesake of its last words.
	pmc := org("0pmc00001", "nl", "active", "Princess Alys Center")
	pmc.Types = []string{"healthcare"}
	ife := org("0ife00001", "de", "active", "Institute of Functional Epigenetics")
	ife.Types = []string{"education"}
	ash := org("0ash00001", "gb", "active", "University of Ashfield")
	ash.Types = []string{"education"}
	hbo := org("0hbo00001", "gb", "active", "Harbourne University")
	hba := org("0hba00001", "au", "active", "University of Harbourne Australia", "Harbourne University")
	for k := range 5 {
		rbU.Relationships = append(rbU.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/0rbc0000%d", k)})
	}
	// A system's campuses: the string names one, whose words hold those
	// of two others of which one is far more prominent.
	ehs := org("0ehs00001", "us", "active", "Eastholm University System")
	ehp := org("0ehp00001", "us", "active", "University of Eastholm, Parkside")
	ehb := org("0ehb00001", "us", "active", "University of Eastholm, Baltimore")
	ehc := org("0ehc00001", "us", "active", "University of Eastholm, Baltimore County")
	for _, c := range []*registry.Org{&ehp, &ehb, &ehc} {
		c.Types = []string{"education"}
		c.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: ehs.ID}}
	}
	for k := range 4 {
		ehb.Relationships = append(ehb.Relationships, registry.Relationship{Type: registry.RelRelated, ID: fmt.Sprintf("https://ror.org/0ehr0000%d", k)})
	}
	// An organisation known by the letters another name in the string
	// spells out, skipping a word.
	wcms := withAcronym(org("0wcm00001", "in", "active", "Wexford College of Medical Sciences"), "WCMS")
	// An academy and a part of it listed with the academy's name as an
	// alias.
	wac := org("0wac00001", "cz", "active", "Westmarch Academy of Sciences")
	wcs := org("0waa00001", "cz", "active", "Centre of Administration of Westmarch", "Westmarch Academy of Sciences")
	wcs.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: wac.ID}}
	// Two organisations known by the same acronym, one far more
	// prominent.
	qmtA := withAcronym(withAcronym(withAcronym(org("0qma00001", "us", "active", "Quillfield Institute of Tidal Technology"), "QITT"), "QUAB"), "WAVE")
	// A small organisation whose own name is the prominent one's acronym.
	wave := org("0wav00001", "pt", "active", "WaVE")
	qmtB := withAcronym(org("0qmb00001", "au", "active", "Queensbury Institute of Tidal Theory"), "QITT")
	for k := range 10 {
		qmtA.Relationships = append(qmtA.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/0qmc0000%d", k)})
	}
	// A withdrawn duplicate record of an active one.
	kbu := org("0kbu00001", "tw", "active", "Kestrel Bay University")
	kbw := org("0kbw00001", "tw", "withdrawn", "Kestrel Bay University")
	kbw.Relationships = []registry.Relationship{{Type: registry.RelSuccessor, ID: kbu.ID}}
	iri := org("0iri00001", "fr", "active", "Institut de Recherche et d'Innovation")
	// A company, whose research division authors name after it, and a
	// foundation that is no company.
	nwc := org("0nwc00001", "us", "active", "Quillmark Brightwater (United States)")
	nwc.Types = []string{"company"}
	lmb := org("0lmb00001", "us", "active", "Lumenbright Systems")
	lmb.Types = []string{"company"}
	kwj := org("0kwj00001", "jp", "active", "Kestrelwing (Japan)")
	kwj.Types = []string{"company"}
	// "Pharma" as common a word as in a real registry.
	var pharmas []registry.Org
	for k, n := range []string{"Northgate", "Eastlake", "Rivermoor", "Kestrel", "Ashdown", "Fenwick"} {
		pharmas = append(pharmas, org(fmt.Sprintf("0pha0000%d", k), "de", "active", n+" Pharma"))
	}
	nwf := org("0nwf00001", "us", "active", "Brackenfold Foundation")
	nwf.Types = []string{"nonprofit"}
	// A university named after its state.
	usd := org("0usd00001", "us", "active", "University of South Dakota")
	usd.Types = []string{"education"}
	// An institute, and a hospital in a town spelt like an acronym.
	sti := org("0sti00001", "pl", "active", "Stravinsk Institute of Tides")
	vas := org("0vas00001", "ca", "active", "Vas Lakeside Hospital")
	vas.City = "Vas"
	// Two universities whose names hold a word authors write in
	// capitals, with the city's name in their own languages.
	vela := org("0vel00001", "pt", "active", "Universidade Vela de Nortvolda")
	vela.Types = []string{"education"}
	vela2 := org("0vel00002", "br", "active", "Universidade Vela de Nortvolde")
	vela2.Types = []string{"education"}
	// A university named after a region whose last word is also a town
	// abroad.
	uwh := org("0uwh00001", "nz", "active", "University of West Harbour at Eastvale")
	uwh.Types = []string{"education"}
	hbr := org("0hbr00001", "pr", "active", "Harbour Marine Station")
	hbr.City = "Harbour"
	// Two campuses of a system, one of them also registered under the
	// system's bare name.
	esys := org("0esy00001", "us", "active", "Eastland System of Higher Education")
	eaR := org("0ear00001", "us", "active", "University of Eastland, Ridgeton", "University of Eastland")
	eaL := org("0eal00001", "us", "active", "University of Eastland, Lowtown")
	for _, c := range []*registry.Org{&eaR, &eaL} {
		c.Types = []string{"education"}
		c.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: esys.ID}}
	}
	// An academy's institute registered as "Academy, Institute" (the
	// academy not registered), and a namesake institute of another
	// academy abroad, registered under the bare institute name too.
	wtb := org("0wtb00001", "cz", "active", "Northmoor Royal Academy of Sciences, Institute of Tidal Botany")
	eac := org("0eac00001", "sk", "active", "Eastern Academy of Sciences")
	etb := org("0etb00001", "sk", "active", "Institute of Tidal Botany of the Eastern Academy", "Institute of Tidal Botany")
	etb.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: eac.ID}}
	// A university's institute the registry names with the university,
	// and does not relate to it.
	its := org("0its00001", "gb", "active", "Institute of Tidal Seismology, University of Northwold")
	its.Types = []string{"facility"}
	// The same, the namesake abroad fitting only by a shorter form of
	// its name, after the academy's institute.
	wtz := org("0wtz00001", "cz", "active", "Northmoor Royal Academy of Sciences, Institute of Tidal Zoology")
	etz := org("0etz00001", "sk", "active", "Institute of Tidal Zoology (Eastern Academy)")
	etz.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: eac.ID}}
	// A German technical university, registered under its German name.
	tuw := org("0tuw00001", "de", "active", "Technische Universität Westerau")
	tuw.Types = []string{"education"}
	// A prominent organisation known by its acronym (the registry relates
	// many records to it), and a small one known by another.
	hms := withAcronym(org("0hms00001", "gb", "active", "Harrowmere Institute of Science"), "HMIS")
	hms.Types = []string{"education"}
	for k := range 8 {
		hms.Relationships = append(hms.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/0hmsc%04d", k)})
	}
	cdx := withAcronym(org("0cdx00001", "us", "active", "Coldwater Dental Exchange"), "CDX")
	sections = append(sections, pharmas...)
	// A university whose registered name ends with its country, known
	// also by the words of a far more prominent namesake abroad.
	hau := org("0hau00001", "au", "active", "University of Harlow Australia", "Harlow University")
	hgb := org("0hgb00001", "gb", "active", "Harlow University", "University of Harlow upon Sea")
	for _, o := range []*registry.Org{&hau, &hgb} {
		o.Types = []string{"education"}
	}
	for k := range 12 {
		hgb.Relationships = append(hgb.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/0hgbc%04d", k)})
	}
	// A school's record the registry withdrew, naming no successor; and
	// a retired institute with neither successor nor parent.
	kvn := org("0kvn00001", "gb", "withdrawn", "Kestrel Vale University School of Nursing")
	kvn.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: kes.ID}}
	kvn.Types = []string{"education", "funder"}
	gone := org("0gon00001", "gb", "inactive", "Institute of Tidal Folklore")
	// An institute of a campus of a university system.
	itr := org("0itr00001", "us", "active", "Institute of Tidal Robotics")
	itr.Types = []string{"facility"}
	itr.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: north.ID}}
	// A university and a hospital whose name opens with the university's
	// words in the other order.
	fen := org("0fen00001", "dk", "active", "University of Fenmoor")
	fen.Types = []string{"education"}
	fenh := org("0fnh00001", "dk", "active", "Fenmoor University Hospital")
	fenh.Types = []string{"healthcare"}
	// An international network and its national branch, named after it
	// with the country.
	tnw := org("0tnw00001", "gb", "active", "Tidewater Network")
	tnd := org("0tnd00001", "de", "active", "Tidewater Network Germany")
	tnd.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: tnw.ID}}
	// Two institutes abroad holding the same acronym, in their towns.
	kmiA := withAcronym(org("0kma00001", "nl", "active", "Kelmsford Marine Institute"), "KMI")
	kmiA.City = "Dunhaven"
	kmiB := withAcronym(org("0kmb00001", "jp", "active", "Kosaru Materials Institute"), "KMI")
	kmiB.City = "Osaru"
	// Two health science centres of one university, each registered with
	// its town.
	hscA := org("0hsa00001", "us", "active", "University of Harmon Health Science Center at Northtown")
	hscA.City = "Northtown"
	hscB := org("0hsb00001", "us", "active", "University of Harmon at Southtown Health Science Center", "University of Harmon Health Science Center at Southtown")
	hscB.City = "Southtown"
	for _, o := range []*registry.Org{&hscA, &hscB} {
		o.Types = []string{"education", "funder"}
	}
	// An organisation abroad holding the letters of a centre's acronym in
	// another order.
	tcz := withAcronym(org("0tcz00001", "ng", "active", "Tomba Commission for Zoning Standards"), "TCZS")
	// An academy named with its country's adjective, beside a name with
	// the country's own (so that neither word is unknown to the index).
	mol := org("0mol00001", "md", "active", "Moldovan State Academy of Tapestry")
	mol.Types = []string{"education"}
	umo := org("0umo00001", "md", "active", "Academy of Tapestry Upper Moldova")
	umo.Types = []string{"education"}
	molm := org("0mol00002", "md", "active", "Carpet Museum of Moldova")
	// An institute abroad whose name another institute's town would
	// read into ("Kellbrook Neuroplastics Institute"), and that town's
	// hospital.
	inp := org("0inp00001", "de", "active", "Institute for Neuroplastics")
	inp.Types = []string{"facility"}
	kbh := org("0kbh00001", "us", "active", "Kellbrook Memorial Hospital")
	kbh.City = "Kellbrook"
	// An academy with parts and a small institute alone, both named by
	// common words.
	naas := org("0nas00001", "cn", "active", "National Academy of Sciences")
	for i := range 8 {
		naas.Relationships = append(naas.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/0nasc%04d", i)})
	}
	nafs := org("0naf00001", "cn", "active", "National Institute of Technology")
	unas := org("0una00001", "cn", "active", "University of National Academy of Sciences")
	unas.Types = []string{"education"}
	// A university, another whose name begins with the first's and goes
	// on "of …", and one named with a word of its own after the lead.
	wmu := org("0wmu00001", "gb", "active", "Westcombe University")
	wmu.Types = []string{"education"}
	wmt := org("0wmt00001", "gb", "active", "Westcombe University of Technology")
	wmt.Types = []string{"education"}
	lgu := org("0lgu00001", "ru", "active", "Lugansk University Concordia")
	lgu.Types = []string{"education"}
	lgf := org("0lgf00001", "ru", "active", "Lugansk University of Finance")
	lgf.Types = []string{"education"}
	// An academy whose institutes are registered under its name too, one
	// of them also under its town.
	eaa := org("0xma00001", "cz", "active", "Eastmarch Academy of Sciences", "Academy of Sciences of Eastmarch")
	eat := org("0xmt00001", "cz", "active", "Eastmarch Academy of Sciences, Institute of Weaving", "Eastmarch Academy of Sciences")
	ear := org("0xmr00001", "cz", "active", "Eastmarch Academy of Sciences, Institute of Pottery, Kellton", "Eastmarch Academy of Sciences")
	ear.City = "Kellton"
	eap := org("0xmp00001", "cz", "active", "Eastmarch Academy of Sciences, Institute of Glass", "Eastmarch Academy of Sciences")
	for _, p := range []*registry.Org{&eat, &ear, &eap} {
		p.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: eaa.ID}}
	}
	// A system of universities whose flagship the registry relates to far
	// more records than its other campus.
	hsy := org("0hsy00001", "us", "active", "Harmon University System", "Harmon University")
	hsR := org("0hsr00001", "us", "active", "Harmon University–Riverton")
	for i := range 8 {
		hsR.Relationships = append(hsR.Relationships, registry.Relationship{Type: registry.RelRelated, ID: fmt.Sprintf("https://ror.org/0hsx%05d", i)})
	}
	hsE := org("0hse00001", "us", "active", "Harmon University–Eastgate")
	hsR.Relationships = append(hsR.Relationships, registry.Relationship{Type: registry.RelParent, ID: hsy.ID})
	hsE.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hsy.ID}}
	// A system registered only as "… System", with a flagship, beside a
	// namesake that the system's name without "System" would fit best;
	// and another system whose name without "System" begins a campus's.
	usm := org("0usm00001", "us", "active", "University of Kestrow System")
	usm.Types = []string{"education"}
	umf := org("0umf00001", "us", "active", "University of Kestrow at Fenwick")
	for i := range 8 {
		umf.Relationships = append(umf.Relationships, registry.Relationship{Type: registry.RelRelated, ID: fmt.Sprintf("https://ror.org/0umx%05d", i)})
	}
	umg := org("0umg00001", "us", "active", "University of Kestrow at Glen")
	for _, p := range []*registry.Org{&umf, &umg} {
		p.Types = []string{"education"}
		p.Relationships = append(p.Relationships, registry.Relationship{Type: registry.RelParent, ID: usm.ID})
	}
	msu := org("0msu00001", "us", "active", "Kestrow State University")
	msu.Types = []string{"education"}
	csv := org("0csv00001", "us", "active", "Corvin State University System")
	csv.Types = []string{"education"}
	cse := org("0cse00001", "us", "active", "Corvin State University, Eastbay")
	cse.Types = []string{"education"}
	cse.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: csv.ID}}
	// A council known abroad by its acronym, and a namesake in English
	// registered under another acronym.
	cnt := withAcronym(org("0cnt00001", "ar", "active", "Consejo Nacional de Tapices"), "CONATA")
	nct := withAcronym(org("0nct00001", "kr", "active", "National Council of Tapestry and Weaving"), "NCTW")
	// A centre of an association, with a site registered under the
	// centre's name, acronym and town.
	hfa := org("0hfa00001", "de", "active", "Holmfast Association")
	wct := withAcronym(org("0wct00001", "de", "active", "Tarnby Centre for Tides"), "TCT")
	wct.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hfa.ID}}
	tcs := org("0wcs00001", "de", "active", "Tarnby Centre for Tides (TCT) Ostwald")
	tcs.City = "Ostwald"
	tcs.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: wct.ID}}
	// A university retired into its successor, and a laboratory of the
	// successor.
	wsa := org("0wsa00001", "fr", "active", "Université Vellmont-Saclette")
	wsa.Types = []string{"education"}
	wbs := org("0wbs00001", "fr", "inactive", "Université Vellmont-Sud")
	wbs.Types = []string{"education"}
	wbs.Relationships = []registry.Relationship{{Type: registry.RelSuccessor, ID: wsa.ID}}
	ltn := org("0ltn00001", "fr", "active", "Laboratoire Tarnot-Bessel")
	ltn.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: wsa.ID}}
	// A university, its health science centre, and a namesake campus
	// registered with its town.
	kam := org("0kam00001", "us", "active", "Calder A&M University")
	kam.Types = []string{"education"}
	kah := org("0kah00001", "us", "active", "Calder A&M Health Science Center")
	kah.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: kam.ID}}
	kar := org("0kar00001", "us", "active", "Calder A&M University – Riverside")
	kar.City = "Riverside"
	// A university named with its town in a spelling other than the
	// registry's, beside another university named "… of …".
	hlh := org("0hlh00001", "de", "active", "Hollby University Hannover")
	hlh.City = "Hanover"
	hla := org("0hla00001", "de", "active", "Hollby University of Applied Sciences")
	for _, p := range []*registry.Org{&hlh, &hla} {
		p.Types = []string{"education"}
	}
	// An institute named with its country, and a namesake abroad whose
	// other name holds the same words and more.
	cti := org("0cti00001", "au", "active", "Children's Tidal Institute Australia")
	cti.City = "Sydney"
	rtc := org("0rtc00001", "de", "active", "Kindergezeiten-Zentrum Harburg")
	rtc.Names = append(rtc.Names, registry.Name{Value: "Children's Tidal Institute Centre", Types: []string{registry.NameLabel}, Lang: "en"})
	sections = append(sections, hms, cdx, hau, hgb, kvn, gone, itr, fen, fenh, tnw, tnd, kmiA, kmiB, hscA, hscB, tcz, mol, molm, umo, inp, kbh, dnr, naas, nafs, unas, wmu, wmt, lgu, lgf, eaa, eat, ear, eap, hsy, hsR, hsE, usm, umf, umg, msu, csv, cse, cnt, nct, hfa, wct, tcs, wsa, wbs, ltn, kam, kah, kar, hlh, hla)
	// A university registered only under a name its acronym opens, and
	// another whose name holds all the rest, in the town it names.
	zaw := withAcronym(org("0zaw00001", "ch", "active", "ZWXY Kellerby University of Applied Sciences"), "ZWXY")
	zaw.City = "Winterfeld"
	kpo := org("0kpo00001", "ch", "active", "Kellerby University of Applied Sciences and Arts")
	kpo.City = "Kellerby"
	// A university in a town, named for more than the town.
	vhu := org("0vhu00001", "gb", "active", "Vandrel Harbour University")
	vhu.City = "Vandrel"
	vhu.Types = []string{"education"}
	// A university whose display name another registers as its name in
	// Spanish, beside an English display name.
	lpc := org("0lpc00001", "co", "active", "Universidad de Los Pinos")
	lpv := org("0lpv00001", "ve", "active", "University of the Pines")
	lpv.Names = append(lpv.Names, registry.Name{Value: "Universidad de Los Pinos", Types: []string{registry.NameLabel}, Lang: "es"})
	for _, p := range []*registry.Org{&lpc, &lpv} {
		p.Types = []string{"education"}
	}
	// Two institutes once one, whose name joined their subjects, and two
	// universities named by common words and a subject.
	hgz := org("0hgz00001", "de", "active", "Halvorsen-Institut für Gezeiten")
	hst := org("0hst00001", "de", "active", "Halvorsen-Institut für Strömungen")
	uot := org("0uot00001", "vn", "active", "University of Tides")
	uoc := org("0uoc00001", "ng", "active", "University of Currents")
	// A company registered with its Chinese name and an English display
	// name that adds its country.
	qlt := org("0qlt00001", "cn", "active", "Qilin Technologies (China)")
	qlt.Names = append(qlt.Names, registry.Name{Value: "麒麟技术有限公司", Types: []string{registry.NameLabel}, Lang: "zh"})
	qlt.Types = []string{"company"}
	qdz := org("0qdz00001", "cn", "active", "Qilin University of Electronic Science and Technology")
	qdz.Names = append(qdz.Names, registry.Name{Value: "电子科技大学", Types: []string{registry.NameLabel}, Lang: "zh"})
	// A clinic whose research institute the registry does not hold, a
	// university known by its acronym, and an office known by one that
	// abbreviates a common word.
	kcl := org("0kcl00001", "us", "active", "Kellsby Clinic")
	ktu := withAcronym(org("0ktu00001", "us", "active", "Kestrel Tidal University"), "KTCU")
	kcl.Types, ktu.Types = []string{"healthcare"}, []string{"education"}
	agr := withAcronym(org("0agr00001", "co", "active", "Auditoría General de Westland"), "AGR")
	// A laboratory whose name has no organisation's head word, written
	// after its funding council's acronym, which another's name holds.
	rwl := org("0rwl00001", "gb", "active", "Redwater Appleby Laboratory")
	wxh := org("0wxh00001", "gb", "active", "WXTC Hartley Centre")
	// A Chinese institution named after its province and a partner
	// abroad; the partner itself is not in the registry.
	gdt := org("0gdt00001", "cn", "active", "Guangdong Tidewater-Israel Institute of Technology")
	// A centre named like a unit, written without a host.
	ceh := org("0ceh00001", "gb", "active", "UK Centre for Tidal Ecology & Hydrology")
	// An institute known by an acronym no other holds, in one town, and
	// two organisations in towns of one name in two other countries.
	tnb := withAcronym(org("0tnb00001", "pk", "active", "Tidal Nuclear Institute of Biology"), "TNIB")
	tnb.City = "Faisalabad"
	gbr := org("0gbr00001", "gb", "active", "Granta Tidal Society")
	gbr.City = "Grantchester"
	usr := org("0usr00001", "us", "active", "Granta Harbour Works")
	usr.City = "Grantchester"
	// A faculty registered as an organisation under its French name, and
	// a government department named like a unit.
	fsm := org("0fsm00001", "tn", "active", "Faculty of Tidal Sciences of Westport")
	fsm.Names = append(fsm.Names, registry.Name{Value: "Faculté des Sciences Marémotrices", Types: []string{registry.NameLabel}, Lang: "fr"})
	dta := org("0dta00001", "au", "active", "Department of Tides and Anchorages")
	// A university named after its town.
	bkm := org("0brm00001", "gb", "active", "University of Brackmoor")
	bkm.City = "Brackmoor"
	bkm.Types = []string{"education"}
	brh := org("0brh00001", "gb", "active", "Brackmoor Harbour Trust")
	brh.City = "Brackmoor"
	// An association whose name is what authors with no affiliation write.
	ira := org("0ira00001", "ro", "active", "Independent Researchers Association")
	// Two universities of one country known by one acronym, in two towns.
	ksa := withAcronym(org("0ksa00001", "ru", "active", "Kestov State Academy of Tides"), "KSAT")
	ksa.City = "Kestov"
	ksb := withAcronym(org("0ksb00001", "ru", "active", "Kamarsk State Academy of Tides"), "KSAT")
	ksb.City = "Kamarsk"
	// A company's national branch registered under its name.
	qlp := org("0qlp00001", "pl", "active", "Qilin Technologies (Poland)")
	qlp.Types = []string{"company"}
	qlp.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: qlt.ID}}
	ats := org("0ats00001", "gb", "active", "Association for Applied Tidal Psychology")
	ctp := org("0ctp00001", "gb", "active", "Centre for Applied Tidal Psychology")
	// Namesakes in two countries, named like a unit.
	ctpA := org("0ctq00001", "gb", "active", "Centre for Tidal Psychology")
	ctpB := org("0ctq00002", "fr", "active", "Centre for Tidal Psychology")
	wsp := org("0wsp00001", "gb", "active", "Westland Society of Psychopathology")
	// One school's campuses in three towns, one registered with its
	// town as an alias too.
	hdA := org("0hds00001", "jp", "active", "Harbor Design School", "Harbor Design School, Chibara")
	hdA.City = "Chibara"
	hdB := org("0hds00002", "ae", "active", "Harbor Design School")
	hdB.City = "Wakaura"
	hdC := org("0hds00003", "sg", "active", "Harbor Design School")
	hdC.City = "Kestov"
	// A city's hospital of a name every city has, registered under the
	// bare name too, and an organisation in another city.
	fph := org("0fph00001", "cn", "active", "Xilin First People's Hospital", "西林市第一人民医院", "第一人民医院")
	fph.City = "Xilin"
	bjo := org("0bjo00001", "cn", "active", "Beijing Tidal Observatory")
	bjo.City = "Beijing"
	// A city's numbered hospital, also registered under a name every
	// city's may have, and an organisation in another city.
	cds := org("0cds00001", "cn", "active", "Chengdu Seventh People's Hospital", "成都市第七人民医院", "7th People's Hospital")
	cds.City = "Chengdu"
	szo := org("0szo00001", "cn", "active", "Shenzhen Tidal Observatory")
	szo.City = "Shenzhen"
	// An organisation and its five sites, all registered under its
	// acronym, few records pointing at any.
	ntl := withAcronym(org("0ntl00001", "de", "active", "Zelmar Tidal Laboratory"), "NTLX")
	ntl.City = "Brackmoor"
	ntlSites := []registry.Org{ntl}
	for k, town := range []string{"Chibara", "Wakaura", "Kestov", "Eastport", "Lowmere"} {
		site := withAcronym(org(fmt.Sprintf("0ntl0000%d", k+2), "de", "active", "Zelmar Tidal Laboratory "+town), "NTLX")
		site.City = town
		site.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: ntl.ID}}
		ntlSites = append(ntlSites, site)
		ntlSites[0].Relationships = append(ntlSites[0].Relationships, registry.Relationship{Type: registry.RelChild, ID: site.ID})
	}
	sections = append(sections, ntlSites...)
	// A university and its campus elsewhere, whose name repeats one of
	// the university's own.
	hwk := org("0hwk00001", "in", "active", "Harwick University", "Harwick (Deemed to be University)")
	hwk.City = "Chibara"
	hwk.Types = []string{"education"}
	hwkC := org("0hwk00002", "in", "active", "HARWICK (Deemed to be) University, Eastport Campus")
	hwkC.City = "Kestov"
	hwkC.Types = []string{"education"}
	hwkC.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hwk.ID}}
	hwk.Relationships = []registry.Relationship{{Type: registry.RelChild, ID: hwkC.ID}}
	// An institute whose name has German marks.
	mha := org("0mha00001", "de", "active", "Müllerhäuser Stiftung")
	// An acronym a university and a government agency are registered
	// under.
	zqe := withAcronym(org("0zqe00001", "ru", "active", "Zelmarsk Higher School of Tides"), "ZQX")
	zqe.Types = []string{"education"}
	zqg := withAcronym(org("0zqg00001", "gb", "active", "Zelmar Quarry Executive"), "ZQX")
	zqg.Types = []string{"government"}
	// A hospital named after a saint, its title abbreviated.
	stw := org("0stw00001", "ie", "active", "St. Brendanor's Hospital")
	// An organisation named by its acronym and its town.
	zqa := org("0zqa00001", "gb", "active", "ZQA Quarrington")
	zqa.City = "Quarrington"
	// An organisation of one word.
	tdm := org("0tdm00001", "gb", "active", "Tidemarkia")
	tdm.City = "Brackmoor"
	wsp.City = "Brackmoor"
	// A government department, named as a university's unit is.
	dta2 := org("0dtf00001", "gb", "active", "Department for Tidal Affairs")
	dta2.Types = []string{"government", "funder"}
	dta2.City = "Brackmoor"
	// An organisation named like a unit, in a town a university is
	// named after.
	dts := org("0dts00001", "gb", "active", "Division of Tidal Studies")
	dts.Types = []string{"facility"}
	dts.City = "Brackmoor"
	// A university known by an acronym that is a word of its name, in
	// its own language, beside a namesake in English; and a research
	// council's acronym.
	kst := withAcronym(org("0kst00001", "pt", "active", "Universidade Kestra de Porthavan"), "KESTRA")
	upv := org("0upv00001", "pt", "active", "University of Porthaven")
	wctr := withAcronym(org("0wct00002", "fr", "active", "Westland Council for Tidal Research"), "WCTR")
	upf := org("0upf00001", "fr", "active", "Université de Portvallon")
	// A cancer centre registered under its university system's name,
	// and a namesake abroad that adds its town.
	hcs := org("0hcs00001", "us", "active", "The University of Westvale System")
	hcs.Types = []string{"education"}
	hcc := org("0hcc00001", "us", "active", "The University of Westvale Harlow Cancer Center")
	hcc.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hcs.ID}}
	hce := org("0hce00001", "es", "active", "Harlow Cancer Center Eastport")
	hce.City = "Eastport"
	// Three ministries of one name in three countries.
	mtA := org("0mtd00001", "gb", "active", "Ministry of Tides")
	mtA.City = "Brackmoor"
	mtB := org("0mtd00002", "fr", "active", "Ministry of Tides")
	mtB.City = "Portvallon"
	mtC := org("0mtd00003", "jp", "active", "Ministry of Tides")
	mtC.City = "Wakaura"
	titA := org("0tit00001", "gb", "active", "University Hospital of Tidewater Brackmoor")
	titA.City = "Brackmoor"
	titB := org("0tit00002", "gb", "active", "University Hospital of Tidewater Chibara", "University Hospital of Tidewater")
	titB.City = "Chibara"
	ariA := org("0ari00001", "gb", "active", "Agricultural Research Institute")
	ariA.City = "Brackmoor"
	ariB := org("0ari00002", "jp", "active", "Agricultural Research Institute")
	ariB.City = "Wakaura"
	hbp := org("0hbp00001", "cn", "active", "Westland Provincial Office", "江苏省")
	msA := org("0mts00001", "kr", "active", "Ministry of Shoals")
	msB := org("0mts00002", "ca", "active", "Ministry of Shoals (Ontario)", "Ministry of Shoals")
	// A university named by its subjects.
	ufe := org("0ufe00001", "mn", "active", "University of Finance and Economics")
	ufe.Types = []string{"education"}
	// Two universities whose names differ by a hyphen only.
	dkA := org("0dke00001", "kr", "active", "Dong-Kestrel University")
	dkB := org("0dke00002", "vn", "active", "Dong Kestrel University")
	// An institution named a campus.
	wtc := org("0wtc00001", "gb", "active", "Westland Technical Campus")
	wtc.Types = []string{"education"}
	btf := org("0btf00001", "pt", "active", "Building Tidal Futures")
	// Two institutes told apart by one long word.
	hyd := org("0hyd00001", "nl", "active", "Institute of Hydrodynamics")
	aer := org("0aer00001", "nl", "active", "Institute of Aerodynamics")
	// Three clinics of one name in one country, in three towns.
	scA := org("0scl00001", "jp", "active", "Sannox Clinic")
	scA.City = "Chibara"
	scB := org("0scl00002", "jp", "active", "Sannox Clinic")
	scB.City = "Wakaura"
	scC := org("0scl00003", "jp", "active", "Sannox Clinic")
	scC.City = "Kestov"
	// Two hospitals of one name in one country, in two towns.
	snA := org("0snx00001", "jp", "active", "Sannox Hospital")
	snA.City = "Chibara"
	snB := org("0snx00002", "jp", "active", "Sannox Hospital")
	snB.City = "Wakaura"
	// An institute, part of a network, known by its acronym.
	hmn := org("0hmn00001", "es", "active", "Westland Research Institutes Network")
	hmr := withAcronym(org("0hmr00001", "es", "active", "Hospital del Faro Research Institute"), "HMRI")
	hmr.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hmn.ID}}
	ede := org("0ede00001", "cn", "active", "Example University of Electronic Science and Technology", "示例电子科技大学")
	ede.Types = []string{"education"}
	// A university's school and a hospital, each the part of an
	// organisation the strings below do not name.
	ksu := org("0ksu00001", "us", "active", "Kestrel State University")
	ksu.Types = []string{"education"}
	ksn := org("0ksn00001", "us", "active", "Kestrel State University School of Medicine")
	ksn.Types = []string{"education"}
	ksn.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: ksu.ID}}
	vhn := org("0vhn00001", "us", "active", "Veterans Health Network of the Lakes")
	hvm := org("0hvm00001", "us", "active", "Harbourview VA Medical Center")
	hvm.Types = []string{"healthcare"}
	hvm.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: vhn.ID}}
	sections = append(sections, ksu, ksn, vhn, hvm)
	ufq := org("0ufq00001", "br", "active", "Universidade Federal de Quelport")
	ufq.City = "Quelport"
	itd := org("0itd00001", "fr", "active", "Institut de Tidologie")
	ucy := org("0ucy00001", "cy", "active", "University of Cyprus")
	ukq := org("0ukq00001", "de", "active", "Universitätsklinikum Quelmar")
	sections = append(sections, ufq, itd, ucy, ukq)
	// A university and its research institute in another town, known
	// also without the town.
	kru := org("0kru00001", "cn", "active", "Kestrel Rock University")
	kru.Types = []string{"education"}
	kri := org("0kri00001", "cn", "active", "Research Institute of Kestrel Rock University in Portown", "Research Institute of Kestrel Rock University")
	kri.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: kru.ID}}
	sections = append(sections, kru, kri)
	// A university and a university college of one town.
	kmu := org("0kmu00001", "no", "active", "University of Kestrelmoor")
	kmu.Types = []string{"education"}
	kmc := org("0kmc00001", "no", "active", "Kestrelmoor University College")
	kmc.Types = []string{"education"}
	sections = append(sections, kmu, kmc)
	// A system registered by its name in another language, a campus known
	// also by the system's name, and another campus: no flagship.
	uqx := org("0uqx00001", "us", "active", "University of Quillon System", "Universidad de Quillon")
	uqu := org("0uqu00001", "us", "active", "University of Quillon Marrow-Champaign", "University of Quillon")
	uqu.City = "Marrow"
	uqc := org("0uqc00001", "us", "active", "Lakeport College of Quillon")
	uqc.City = "Lakeport"
	for _, o := range []*registry.Org{&uqx, &uqu, &uqc} {
		o.Types = []string{"education"}
	}
	uqu.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uqx.ID}}
	uqc.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uqx.ID}}
	sections = append(sections, uqx, uqu, uqc)
	// A research society whose institutes carry its name, and two
	// institutes of another body that share a name's opening, one known
	// by it only as an alias.
	hfs := org("0hfs00001", "de", "active", "Halloran Research Society")
	hfs.Types = []string{"funder", "nonprofit"}
	sections = append(sections, hfs)
	for i, n := range []string{"Halloran Institute for Tidal Physics", "Halloran Institute of Glaciology", "Halloran Institute for Cloud Chemistry"} {
		c := org(fmt.Sprintf("0hfi0000%d", i+1), "de", "active", n)
		c.Types = []string{"facility"}
		c.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: hfs.ID}}
		sections = append(sections, c)
	}
	qua := org("0qua00001", "de", "active", "Quenby Association")
	ostC := org("0ost00001", "de", "active", "Ostrander Institute for Ions")
	ostS := org("0ost00002", "de", "active", "Corvid Centre for Sociolinguistics", "Ostrander-Institut für Soziolinguistik GmbH")
	for _, o := range []*registry.Org{&ostC, &ostS} {
		o.Types = []string{"facility"}
		o.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: qua.ID}}
	}
	sections = append(sections, qua, ostC, ostS)
	// Organisations whose names are all common words: a university
	// named after a region, a Chinese academy.
	swu := org("0swu00001", "cn", "active", "Southeast Normal University")
	swu.Types = []string{"education"}
	nas := org("0nas00001", "cn", "active", "Northeast Academy of Sciences", "东北科学院")
	nas.Types = []string{"facility"}
	sections = append(sections, swu, nas)
	// A small college holding a name exactly, and a far more prominent
	// one abroad registered under that name and its town.
	sec1 := org("0sec00001", "us", "active", "Saint Elric College")
	sec1.City = "Hartwell"
	sec2 := org("0sec00002", "ie", "active", "Saint Elric College Dunmarrow")
	sec2.City = "Dunmarrow"
	for _, o := range []*registry.Org{&sec1, &sec2} {
		o.Types = []string{"education"}
	}
	withChildren(&sec2, "0secc000")
	// The other way round: the prominent one holds the name exactly, a
	// small one abroad adds its town.
	hcl1 := org("0hcl00001", "us", "active", "Marrowby Clinic")
	hcl2 := org("0hcl00002", "ae", "active", "Marrowby Clinic Qasrah")
	withChildren(&hcl1, "0hclc000")
	// A country's name before the name, and a word that is no place's.
	qva1 := org("0qva00001", "nz", "active", "Quorvent Agency")
	qva2 := org("0qva00002", "ca", "active", "Canada Quorvent Agency")
	hsv1 := org("0hsv00001", "de", "active", "Hochschule Varnholt")
	hsv2 := org("0hsv00002", "de", "active", "Medizinische Hochschule Varnholt")
	withChildren(&qva2, "0qvac000")
	withChildren(&hsv2, "0hsvc000")
	sections = append(sections, sec1, sec2, hcl1, hcl2, qva1, qva2, hsv1, hsv2)
	// Organisations named by runs of rare words: a cancer centre and its
	// clinic, two unrelated namesakes, one whose name has a word of its
	// own after the run, and a town's schools.
	mqv := org("0mqv00001", "us", "active", "Quillon Varrick University Hospital")
	mqvc := org("0mqv00002", "us", "active", "Quillon Varrick Outpatient Clinic")
	mqvc.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: mqv.ID}}
	btn := org("0btn00001", "gb", "active", "Brannock Tessel Foundation")
	btm := org("0btm00001", "gb", "active", "Brannock Tessel Museum")
	vqo := org("0vqo00001", "gb", "active", "Varneth Quay Institute of Oskaria")
	pas := org("0pas00001", "us", "active", "Port Aldane County Schools")
	pas.City = "Port Aldane"
	sections = append(sections, mqv, mqvc, btn, btm, vqo, pas)
	sections = append(sections, cti, rtc, zaw, kpo, vhu, lpc, lpv, hgz, hst, uot, uoc, qlt, qdz, kcl, ktu, agr, rwl, wxh, gdt, ceh, tnb, gbr, usr, fsm, dta, bkm, brh, ira, ksa, ksb, ede, qlp, ats, ctp, ctpA, ctpB, wsp, tdm, zqa, fph, bjo, cds, szo, hwk, hwkC, stw, mha, zqe, zqg, hdA, hdB, hdC, hmn, hmr, dta2, dts, kst, upv, wctr, upf, hcs, hcc, hce, snA, snB, mtA, mtB, mtC, msA, msB, titA, titB, ariA, ariB, hbp, scA, scB, scC, wtc, btf, dkA, dkB, ufe, hyd, aer)
	return New(append(sections, usd, sti, vas, vela, vela2, uwh, hbr, esys, eaR, eaL, eac, etb, wtb, its, wtz, etz, tuw, qmtA, qmtB, kbu, kbw, wac, wcs, nwc, lmb, kwj, nwf, iri, wcms, rbU, rbP, cfc, hbo, hba, qby, qbc, qbl, hsoc, hnet, uqb, wave, mila, kit, iot, jit, ash, hcw, hcu, ime, brn, brs, utr, tru, ife, utw, hmed, hkun, qis, quk, tmu, tmc, seU, seP, hkq, hkg, kfed, kcol, pmc, ehs, ehp, ehb, ehc, tin, ema, emn, nti, wbu, wbv, wbh, dvu, dvs, dvh, wo1, wo2, hvc, snp, cna, cnw, efu, efp, hvu, hvh, zko, zac, zti, znu, zrh, fed, hwc, hcl, eport, kel, tci, zav, csys, cea, mar, tov, tmed, cor, brw, ifr, nbi, coast, brk, tam, kes, ebC, dun, fjord, gen, blA, blB, acad, tid, valeA, valeB, uVale, wmc, nhi, nha, uni, lab, hosp, old, zh, twinA, twinB, ordA, ordB, med, hol, east, myo, sys, north, south, lowU, lowC, fund, nml, siteA, siteB, ebA, ebB,
		fcu, sea, cgx, itm, kavi, zitA, zitB, mt, stb))
}

func withAcronym(o registry.Org, acronym string) registry.Org {
	o.Names = append(o.Names, registry.Name{Value: acronym, Types: []string{registry.NameAcronym}})
	return o
}

// withChildren gives o six child records (ids prefix0 to prefix5), which
// make it far more prominent than an organisation with none.
func withChildren(o *registry.Org, prefix string) {
	for k := range 6 {
		o.Relationships = append(o.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/%s%d", prefix, k)})
	}
}

// resolvedIDs resolves in with r and returns the ids of the
// organisations chosen, separated by spaces.
func resolvedIDs(t *testing.T, r *Resolver, in string) string {
	t.Helper()
	res, err := r.Resolve(in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(ids(res), " ")
}

func ids(r Result) []string {
	out := []string{}
	for _, o := range r.Orgs {
		out = append(out, o.ID)
	}
	return out
}

// TestFamilyHead checks that a party naming a family of organisations by
// its name and a head word alone ("Max Planck Institute") resolves to the
// organisation they belong to, while a member written out is itself, and
// that two members each leaving words of their own unwritten leave the
// party unknown rather than giving the one matched by its official name.
func TestFamilyHead(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"Halloran Institute, Munich, Germany", "https://ror.org/0hfs00001"},
		{"Department of Ice, Halloran Institute", "https://ror.org/0hfs00001"},
		{"Halloran Institute of Glaciology, Munich", "https://ror.org/0hfi00002"},
		{"Ostrander Institute, Germany", ""},
		{"Ostrander Institute for Ions", "https://ror.org/0ost00001"},
	} {
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestResolve(t *testing.T) {
	r := fixture()
	tests := []struct {
		in   string
		want []string
	}{
		{"Dept Phys, Univ Northwold, Northwold NW1 2AB, England", []string{"https://ror.org/0uni00001"}},
		{"Dept of Physics, University of Northwold; Eastmere General Hospital, Eastmere, UK", []string{"https://ror.org/0uni00001", "https://ror.org/0hos00001"}},
		// Two organisations joined by "and", each one organisation's
		// registry name, are both named; a name several hold is read
		// with the rest of the party.
		{"Department of Surgery, University of Northwold and Eastmere General Hospital", []string{"https://ror.org/0uni00001", "https://ror.org/0hos00001"}},
		{"Eastmere General Hospital and Lakeside University, Toronto, Canada", []string{"https://ror.org/0twb00001"}},
		// So are two joined by "&", and a side whose own name holds
		// "and".
		{"University of Northwold & Eastmere General Hospital", []string{"https://ror.org/0uni00001", "https://ror.org/0hos00001"}},
		{"Qilin University of Electronic Science & Technology & Eastmere General Hospital", []string{"https://ror.org/0qdz00001", "https://ror.org/0hos00001"}},
		// A university's institute written with the university names
		// both, the institute first; an academy's institute is cited as
		// itself.
		{"Northwold Institute of Marine Acoustics, University of Northwold", []string{"https://ror.org/0lab00001", "https://ror.org/0uni00001"}},
		{"Institute of Tidal Physics, Westland Academy of Sciences", []string{"https://ror.org/0tid00001"}},
		{"Eastmere College of Nursing", []string{"https://ror.org/0uni00001"}},
		// A word a stray space split in two, one half no registry
		// word, is read whole.
		// Two organisations, each a part of one the string does not
		// name: the orphan rule cannot tell which is meant and drops
		// neither; the teaching institution is the party's host.
		// The university stands for its school of medicine.
		{"Department of Medicine, Kestrel State University School of Medicine, Harbourview VA Medical Center, Port Kestrel, USA", []string{"https://ror.org/0ksu00001"}},
		// TeX accents are read before a search box's escapes, whose
		// backslash they share.
		{`Halvorsen-Institut f\"ur Str\"omungen`, []string{"https://ror.org/0hst00001"}},
		// "X University" is the University of X, not the X University
		// College; the college written whole is the college.
		{"Department of Biology, Kestrelmoor University, Norway", []string{"https://ror.org/0kmu00001"}},
		{"Kestrelmoor University College", []string{"https://ror.org/0kmc00001"}},
		// A unit named "X Research Institute" run into its host: the
		// host's name does not begin at "Research".
		{"Tidal Energy Internet Research Institute Kestrel Rock University", []string{"https://ror.org/0kru00001"}},
		{"Department of Research, Institute of Hydro dynamics, Delft", []string{"https://ror.org/0hyd00001"}},
		// A unit run into a host whose head word comes first, joined by
		// "of the", "da", "de la" …: the host's name begins at its head.
		{"Institute of Tidal Chemistry of the University of Northwold", []string{"https://ror.org/0uni00001"}},
		{"Instituto de Tidologia da Universidade Federal de Quelport", []string{"https://ror.org/0ufq00001"}},
		// A short registry name before a university's is a unit of that
		// university, not the namesake the registry holds.
		{"Institut de Tidologie de l'Université de Northwold", []string{"https://ror.org/0uni00001"}},
		{"Institut de Tidologie", []string{"https://ror.org/0itd00001"}},
		// The host's country, read as an address, is a word of its name.
		{"Institute of Tidal Chemistry of the University of Cyprus", []string{"https://ror.org/0ucy00001"}},
		// A German university hospital's one-word head hosts its
		// clinics, in the genitive too.
		{"Klinik für Tidologie des Universitätsklinikums Quelmar", []string{"https://ror.org/0ukq00001"}},
		// A party of a town alone after another is that one's address,
		// not the university named after the town.
		{"Florida Coastal University; Seaport, USA", []string{"https://ror.org/0fcu00001"}},
		{"Department of Tides; Florida Coastal University; Seaport", []string{"https://ror.org/0fcu00001"}},
		// A university, or a name written in Chinese, before a semicolon
		// is a party of its own even when all its words are common
		// ones, not a unit of the organisation after it.
		{"Southeast Normal University; Florida Coastal University", []string{"https://ror.org/0swu00001", "https://ror.org/0fcu00001"}},
		{"东北科学院;示例理工大学", []string{"https://ror.org/0nas00001", "https://ror.org/0zh000001"}},
		{"东北科学院；示例理工大学", []string{"https://ror.org/0nas00001", "https://ror.org/0zh000001"}},
		// One organisation's two names either side of a slash.
		{"Example University of Technology / 示例理工大学, Wuhan", []string{"https://ror.org/0zh000001"}},
		{"示例理工大学 / Example University of Technology", []string{"https://ror.org/0zh000001"}},
		{"Unitidal / Florida Coastal University, Seaport", []string{"https://ror.org/0fcu00001"}},
		{"Instit ute of Aerodynamics", []string{"https://ror.org/0aer00001"}},
		{"示例理工大学材料学院", []string{"https://ror.org/0zh000001"}},
		// An address written before the name without a separator.
		{"湖北省武汉市洪山区示例理工大学", []string{"https://ror.org/0zh000001"}},
		{"中国 上海 示例理工大学材料学院", []string{"https://ror.org/0zh000001"}},
		// With a street number, a postcode and block numbers.
		{"湖北省武汉市洪山区珞喻路1037号示例理工大学", []string{"https://ror.org/0zh000001"}},
		{"〒113-0033 東京都文京区本郷7-3-1 示例理工大学", []string{"https://ror.org/0zh000001"}},
		// An address written after the name, with or without a space.
		{"示例理工大学 湖北省武汉市洪山区", []string{"https://ror.org/0zh000001"}},
		{"示例理工大学湖北省武汉市洪山区珞喻路1037号", []string{"https://ror.org/0zh000001"}},
		{"示例理工大学 〒113-0033 東京都文京区本郷7-3-1", []string{"https://ror.org/0zh000001"}},
		// A road named after an institution is the address's ("学院路",
		// "대학로"), and a Korean address reads as one.
		{"北京市海淀区学院路37号示例理工大学", []string{"https://ror.org/0zh000001"}},
		{"대전광역시 유성구 대학로 291 동령대학교", []string{"https://ror.org/0zko00001"}},
		{"동령대학교 서울특별시 관악구 관악로 1", []string{"https://ror.org/0zko00001"}},
		// Japanese units after the name: a graduate school, then a
		// major, a field or a course.
		{"示例理工大学 工学研究科 機械工学専攻", []string{"https://ror.org/0zh000001"}},
		{"示例理工大学大学院医学系研究科 内科学分野", []string{"https://ror.org/0zh000001"}},
		// Korean units after the name: a college, then a clinical
		// department or a medical school's department.
		{"동령대학교 의과대학 내과", []string{"https://ror.org/0zko00001"}},
		{"동령대학교 의과대학 내과학교실, 서울", []string{"https://ror.org/0zko00001"}},
		{"동령대학교 자연과학대학 물리학전공", []string{"https://ror.org/0zko00001"}},
		// A Korean corporate status before the name; a legal form alone
		// names nothing.
		{"학교법인 동령대학교", []string{"https://ror.org/0zko00001"}},
		{"학교법인동령대학교", []string{"https://ror.org/0zko00001"}},
		{"학교법인", []string{}},
		{"Inc.", []string{}},
		// After a unit of the name, the words after the last spaces.
		{"示例理工大学材料学院 湖北省武汉市洪山区", []string{"https://ror.org/0zh000001"}},
		// The hospital's own name written whole is more specific than the
		// university it names; the university alone is the university.
		{"示例师范大学附属河畔医院", []string{"https://ror.org/0zrh00001"}},
		{"示例师范大学附属河畔医院, 上海", []string{"https://ror.org/0zrh00001"}},
		{"示例师范大学化学学院", []string{"https://ror.org/0znu00001"}},
		{"示例师范大学 化学系", []string{"https://ror.org/0znu00001"}},
		// An institute written with its academy's name and then a unit of
		// its own is the institute, in either script; an institute the
		// registry does not hold stands for the academy.
		{"东岭科学院潮汐物理研究所", []string{"https://ror.org/0zti00001"}},
		{"东岭科学院潮汐物理研究所重点实验室", []string{"https://ror.org/0zti00001"}},
		{"東嶺科學院潮汐物理研究所重點實驗室", []string{"https://ror.org/0zti00001"}},
		{"东岭科学院海洋研究所", []string{"https://ror.org/0zac00001"}},
		{"东岭科学院国家天文台", []string{"https://ror.org/0zac00001"}}, // an observatory is a unit too
		{"동령대학교 공과대학", []string{"https://ror.org/0zko00001"}},
		// The hospital written out names the university only inside its
		// own name; written apart, both are named and the teaching
		// institution is the host.
		// One word that only resembles a registry word names nothing.
		{"Sonepat", []string{}},
		{"Department of Physics, Westmoor Technical Institute, Sonepat", []string{}},
		{"Sunpot Co., Ltd.", []string{"https://ror.org/0snp00001"}},
		// A namesake whose registered name ends with the town the string
		// writes apart is the one meant (see also TestNamesakeByPlace).
		{"Department of Physics, Westbay University, Harlowganj", []string{"https://ror.org/0wbh00001"}},
		{"Department of Physics, Westbay University", []string{}},
		// The string writes the institute's registered name across two
		// segments: not the namesake abroad of its second half.
		{"Eastmark Academy of Sciences, Nuclear Tide Institute", []string{"https://ror.org/0emn00001"}},
		// A research institute named alone is itself; with the city of
		// one of its sections, that section, found among all its parts.
		{"Istituto Nazionale di Maree", []string{"https://ror.org/0tin00001"}},
		{"Dipartimento di Fisica, Istituto Nazionale di Maree, Pavoria, Italy", []string{"https://ror.org/0ts100001"}},
		// A numbered university's number is part of its name.
		{"University of Westoran 2 Musa Ben Kaci", []string{"https://ror.org/0wo200001"}},
		{"Department of History, University of Westoran 1 Amadou Ben Bella", []string{"https://ror.org/0wo100001"}},
		// A namesake in another country than the one the string writes
		// does not hold back the leader below the threshold.
		{"Tidal Epigenetics Group, Precision Medicine Theme, Children’s Tidal Institute 7 , Sydney, Australia", []string{"https://ror.org/0cti00001"}},
		// The name without the acronym that opens it in the registry.
		{"Institute for Tidal Resource Sciences, Kellerby University of Applied Sciences", []string{"https://ror.org/0zaw00001"}},
		// Of two namesakes, the one whose display name is written.
		{"Department of Tidal Sciences, Universidad de los Pinos", []string{"https://ror.org/0lpc00001"}},
		{"University of the Pines", []string{"https://ror.org/0lpv00001"}},
		// A name joining two subjects is the two institutes the registry
		// holds under each; common words joining two are no such name.
		{"Halvorsen-Institut für Gezeiten und Strömungen, Postfach 12, Kiel, Germany", []string{"https://ror.org/0hgz00001", "https://ror.org/0hst00001"}},
		{"Halvorsen-Institut für Gezeiten und Strömungen München", []string{"https://ror.org/0hgz00001", "https://ror.org/0hst00001"}},
		{"University of Tides and Currents", []string{}},
		// The English words of a company's Chinese name, read in
		// translation, name it.
		{"Qilin Technologies Co., Ltd., Shenzhen", []string{"https://ror.org/0qlt00001"}},
		// A word only related to one the Chinese name translates to does
		// not name it ("College" for 大学).
		{"College of Electronic Science and Technology", []string{}},
		// A unit run on after its host's name, which the registry does
		// not hold, names the host, also written as its acronym; not a
		// common word read as an acronym.
		{"Department of Tides, Kellsby Clinic Lerner Research Institute", []string{"https://ror.org/0kcl00001"}},
		{"KTCU Orthopaedic Hospital", []string{"https://ror.org/0ktu00001"}},
		{"Agricultural Economics and Upland Policy Group", []string{}},
		// A Chinese institution's name without its province is another's.
		{"Tidewater - Israel Institute of Technology", []string{}},
		{"Guangdong Tidewater-Israel Institute of Technology", []string{"https://ror.org/0gdt00001"}},
		// A centre the parser takes for a unit, beside a village it takes
		// for the organisation, is the organisation when its name fits.
		{"Centre for Tidal Ecology & Hydrology, Maclean Building, Benson Lane, Crowmarsh Gifford, Wallingford, UK", []string{"https://ror.org/0ceh00001"}},
		// An acronym's only holder is not meant by a string that writes a
		// town the registry has only in other countries.
		{"TNIB, Faisalabad", []string{"https://ror.org/0tnb00001"}},
		{"TNIB, Grantchester", []string{}},
		// A unit's name alone names no organisation, unless the registry
		// has it word for word.
		{"Faculty of Marémotrices Sciences", []string{}},
		{"Department of Tides and Anchorages", []string{"https://ror.org/0dta00001"}},
		// Words that say the author has no organisation name none.
		{"Independent researcher", []string{}},
		{"Retired, Westport", []string{}},
		{"Independent Researchers Association", []string{"https://ror.org/0ira00001"}},
		// Of an acronym's holders in one country, the one in the town
		// the string writes.
		{"KSAT, Kamarsk", []string{"https://ror.org/0ksb00001"}},
		// Also with the town written first, without a comma.
		{"Kamarsk KSAT", []string{"https://ror.org/0ksb00001"}},
		{"Kestov KSAT", []string{"https://ror.org/0ksa00001"}},
		{"Department of Tides, Kamarsk KSAT, Russia", []string{"https://ror.org/0ksb00001"}},
		{"KSAT, Russia", []string{}},
		// A group's numbered institute is not the university whose
		// Chinese name holds the group's other words.
		{"示例电子科技集团公司第十四研究所", []string{}},
		{"示例电子科技大学", []string{"https://ror.org/0ede00001"}},
		// An association named like a unit, before its town.
		{"Department of Research, Association for Applied Tidal Psychology, Brackmoor, UK", []string{"https://ror.org/0ats00001"}},
		// A campus whose words the university's own name holds adds
		// nothing to it.
		{"Department of Research, HARWICK (Deemed to be University), Chibara", []string{"https://ror.org/0hwk00001"}},
		// German written without its marks ("ue" for "ü").
		{"Muellerhaeuser Stiftung", []string{"https://ror.org/0mha00001"}},
		// An acronym with a university's head word names the
		// university registered under it.
		{"ZQX University", []string{"https://ror.org/0zqe00001"}},
		{"ZQX", []string{}},
		// A saint's title written out or abbreviated is one word.
		{"Department of Surgery, Saint Brendanor's Hospital", []string{"https://ror.org/0stw00001"}},
		// An acronym only an organisation and its sites hold.
		{"NTLX", []string{"https://ror.org/0ntl00001"}},
		// Namesakes in three towns, the town written after the name.
		{"Harbor Design School, Chibara", []string{"https://ror.org/0hds00001"}},
		{"Harbor Design School, Kestov", []string{"https://ror.org/0hds00003"}},
		// A town written run into a common Chinese name tells whose it
		// is: another city's namesake is not meant.
		{"西林市第一人民医院", []string{"https://ror.org/0fph00001"}},
		{"北京市第一人民医院", []string{}},
		// Also when no registry name begins after the town.
		{"成都市第七人民医院", []string{"https://ror.org/0cds00001"}},
		{"深圳市第七人民医院", []string{}},
		// A town alone after a unit leads to no organisation whose own
		// word the string leaves unwritten.
		{"Department of History, Quarrington", []string{}},
		// A one-word registry name and its town run on.
		{"Tidemarkia Brackmoor UK", []string{"https://ror.org/0tdm00001"}},
		// A unit "of the University" and then a town: the university
		// named for that town, in any language.
		{"Institute of Physics of the University, Brackmoor, UK", []string{"https://ror.org/0brm00001"}},
		{"Physikalisches Institut der Universität, Brackmoor", []string{"https://ror.org/0brm00001"}},
		{"Institut de Physique de l'Université, Brackmoor", []string{"https://ror.org/0brm00001"}},
		// Also when the town is written with its postcode.
		{"Institute of Physics of the University, 12345 Brackmoor, UK", []string{"https://ror.org/0brm00001"}},
		{"Physikalisches Institut der Universität, D-1234 Brackmoor", []string{"https://ror.org/0brm00001"}},
		{"Institute of Physics of the University, Brackmoor 12345", []string{"https://ror.org/0brm00001"}},
		{"Institute of Physics of the University, Brackmoor BR1 2AB", []string{"https://ror.org/0brm00001"}},
		// Not a university of the town named for more than it.
		{"Institute of Physics of the University, Vandrel", []string{}},
		// A society named by its subject is no list of the unit's subjects.
		{"Department of Research, Westland Society of Psychopathology, Brackmoor", []string{"https://ror.org/0wsp00001"}},
		// Initials alone name nothing.
		{"El Colegio de Westmarch, N.C.", []string{"https://ror.org/0cnw00001"}},
		{"Centro de Estudios de Westmarch, N.C.", []string{}},
		{"Nursery C", []string{}}, // a word is no initial's
		{"C&N Corporation", []string{"https://ror.org/0cna00001"}},
		// Written with its article, the name is the one that has it.
		{"The Eastfield University", []string{"https://ror.org/0efu00001"}},
		{"Harrowvale University Teaching Hospital", []string{"https://ror.org/0hvh00001"}},
		// A name one small college holds exactly, and a far more
		// prominent one abroad with its town after it: written with no
		// place, the name is as likely the prominent one's short form.
		// A place, or the whole name, tells.
		{"Saint Elric College", []string{}},
		{"Department of History, Saint Elric College", []string{}},
		{"Saint Elric College, USA", []string{"https://ror.org/0sec00001"}},
		{"Saint Elric College, Hartwell", []string{"https://ror.org/0sec00001"}},
		{"Saint Elric College Dunmarrow", []string{"https://ror.org/0sec00002"}},
		{"Department of History, Saint Elric College, Dunmarrow, Ireland", []string{"https://ror.org/0sec00002"}},
		{"Marrowby Clinic", []string{"https://ror.org/0hcl00001"}},
		{"Quorvent Agency", []string{}},
		{"Quorvent Agency, New Zealand", []string{"https://ror.org/0qva00001"}},
		{"Hochschule Varnholt", []string{"https://ror.org/0hsv00001"}},
		// A run of rare words with common ones around it names the
		// family whose names hold it, by its head; not when two families
		// hold it, when the name has a word of its own the string leaves
		// out, when the string writes a word the registry does not know,
		// or another country, nor when the run is a town's name.
		{"Department of Tides, Quillon Varrick Institute", []string{"https://ror.org/0mqv00001"}},
		{"Quillon Varrick Institute, USA", []string{"https://ror.org/0mqv00001"}},
		{"Quillon Varrick Institute, Canada", []string{}},
		{"Quillon Varrick Zorbulent Institute", []string{}},
		{"Brannock Tessel Institute", []string{}},
		{"Department of Tides, Varneth Quay Centre", []string{}},
		{"Port Aldane State University", []string{}},
		// Of namesakes with no country written, the far more prominent
		// one; not when the string writes only its former name, which
		// is the official name of the other.
		{"Department of Biology, Riverbend University", []string{"https://ror.org/0rbu00001"}},
		{"Crownfield College", []string{"https://ror.org/0cfc00001"}},
		{"Centre for Cell Biology, Harbourne University", []string{"https://ror.org/0hbo00001"}},
		// Below the threshold, as words of the string go unexplained, the
		// university still leads: the college's name only relates to
		// its words and the other's only resembles them.
		{"The Hollis Ageing Centre, Quenby University Irving Medical Center", []string{"https://ror.org/0qby00001"}},
		// The string splits at "at", but the unit's name is written whole.
		{"Ashgrove Institute for Network Medicine at the University of Brenlow", []string{"https://ror.org/0hnm00001", "https://ror.org/0uqb00001"}},
		{"Tides Centre at the University of Brenlow", []string{"https://ror.org/0uqb00001"}},
		// A dash separates a unit from its organisation as a comma does,
		// unless the registry writes the name with it.
		{"Laboratory of Applied General Topology - University of Northwold", []string{"https://ror.org/0uni00001"}},
		{"University of Northwold - Applied General Topology", []string{"https://ror.org/0uni00001"}},
		{"Quillby - Institute for Machine Minds", []string{"https://ror.org/0mil00001"}},
		// A comma that cuts a registry name after its first word.
		{"School of Computing, Kelsby, Institute of Technology, Kelsby, China", []string{"https://ror.org/0kit00001"}},
		{"Sch. of Electr. Eng., Kelsby, Inst. of Technol., Kelsby, China", []string{"https://ror.org/0kit00001"}},
		{"Sch. of Electr. Eng., Jordan, Inst. of Technol., Springfield, USA", []string{"https://ror.org/0jit00001"}}, // not the country
		// An acronym several hold names the far more prominent holder,
		// written with a unit or alone.
		{"Department of Brain Sciences, QITT", []string{"https://ror.org/0qma00001"}},
		{"QITT", []string{"https://ror.org/0qma00001"}},
		// A withdrawn school with no successor is its parent university;
		// a retired institute with neither is nothing.
		{"Department of Midwifery, Kestrel Vale University School of Nursing", []string{"https://ror.org/0kes00001"}},
		{"Institute of Tidal Folklore", []string{}},
		// A withdrawn duplicate is its successor, not a namesake.
		{"College of Health, Kestrel Bay University, Taiwan", []string{"https://ror.org/0kbu00001"}},
		// The academy, not its part listed under its name.
		{"Westmarch Academy of Sciences", []string{"https://ror.org/0wac00001"}},
		// A company's research division stands for the company.
		{"Theory Group, Quillmark Brightwater Research, Redmond, WA", []string{"https://ror.org/0nwc00001"}},
		{"Quillmark Brightwater Labs, Sunnyvale, CA, USA", []string{"https://ror.org/0nwc00001"}},
		{"Brackenfold Research, Sunnyvale, CA, USA", []string{}},
		// So does its division written with a legal form, when the
		// company's name is written whole.
		{"Quillmark Brightwater Labs GmbH, Sunnyvale, CA, USA", []string{"https://ror.org/0nwc00001"}},
		{"Quillmark Brightwater Pharma AG, Berlin, USA", []string{"https://ror.org/0nwc00001"}},
		{"Lumenbright Inc., Sunnyvale, CA, USA", []string{}},
		{"Kestrelwing Inc", []string{"https://ror.org/0kwj00001"}}, // the country in brackets is no word of its name
		{"Lumenbright Systems Inc., Sunnyvale, CA, USA", []string{"https://ror.org/0lmb00001"}},
		// Two countries joining a unit's name name its partners, not the
		// party's country.
		{"Department of Physics, Institute for Tidal Research Israel–Canada, The University of Northwold", []string{"https://ror.org/0uni00001"}},
		// The acronym abbreviates the name the string writes beside it.
		{"Westbay Centre for Computational Marine Science  WCMS", []string{}},
		{"WCMS, Westbay, India", []string{"https://ror.org/0wcm00001"}},
		// A host read from the end of a unit's name is an organisation
		// the string names whole, but for its head word.
		{"Eastport Harbour Innovation Institute", []string{}},
		{"Tidal Acoustics Group of the Northwold Institute of Marine Acoustics", []string{"https://ror.org/0lab00001"}},
		{"University of Eastholm, Parkside", []string{"https://ror.org/0ehp00001"}},
		{"Department of Physics, University of Eastholm, Parkside", []string{"https://ror.org/0ehp00001"}},
		{"Department of Surgery, Harrowvale University Teaching Hospital, Kathmandu", []string{"https://ror.org/0hvh00001"}},
		{"Harrowvale University Teaching Hospital, Harrowvale University", []string{"https://ror.org/0hvu00001"}},
		{"Department of Paediatrics, Harrowvale University Children's Hospital", []string{"https://ror.org/0hvc00001"}},
		{"Lakeside University", []string{}},
		{"Lakeside University, Toronto, Canada", []string{"https://ror.org/0twb00001"}},
		{"Completely Unknown Bakery", []string{}},
		{"Department of Physics, University of Westbrook", []string{"https://ror.org/0orda0001"}},
		// The university written out, not its college that an alias in
		// other word order also fits.
		{"Department of Mathematics, University of Harwick", []string{"https://ror.org/0fed00001"}},
		{"Department of Mathematics, Harwick City College", []string{"https://ror.org/0hwc00001"}},
		{"Department of Physics, Westbrook University", []string{"https://ror.org/0ordb0001"}},
		// So when the name is abbreviated.
		{"Dept. of Physics, Westbrook Univ., USA", []string{"https://ror.org/0ordb0001"}},
		{"Dept. of Physics, Univ. of Westbrook, USA", []string{"https://ror.org/0orda0001"}},
		// A university's school of medicine registered apart is cited as
		// the university (see facultyOf).
		{"Department of Surgery, Hollins University School of Medicine", []string{"https://ror.org/0hol00001"}},
		{"Department of Surgery, Hollins University", []string{"https://ror.org/0hol00001"}},
		{"Institute of Myology, University of Eastvale", []string{"https://ror.org/0eas00001"}},
		{"Department of Physics, University of Westmarch, Northtown, USA", []string{"https://ror.org/0nor00001"}},
		{"Department of Physics, University of Westmarch", []string{}},
		// Two campuses in the town written: the far more prominent.
		{"Department of Physics, University of Westmarch at Lowmere", []string{"https://ror.org/0lwu00001"}},
		{"Department of Physiology, Westhaven Medical Institute, University of Northwold", []string{"https://ror.org/0uni00001"}},
		// A unit written with its university is named, the unit first,
		// also when the university fits its words better.
		{"University of Northwold, Northwold Institute of Marine Acoustic", []string{"https://ror.org/0lab00001", "https://ror.org/0uni00001"}},
		{"Northwold Institute of Marine Acoustic, University of Northwold", []string{"https://ror.org/0lab00001", "https://ror.org/0uni00001"}},
		// So is a college of a federal university, named without it: an
		// institution of its own, not a unit whose host is left unwritten.
		{"Department of Physiology, Westhaven Medical Institute, Hallam College Kestrelmoor", []string{"https://ror.org/0kfc00001"}},
		{"Westhaven Medical Institute, Northwold", []string{"https://ror.org/0fun00001"}},
		{"Cell Biology Unit, Northwold Marine Laboratory", []string{"https://ror.org/0nml00001"}},
		{"Department of Biology, University of Eastbrook", []string{"https://ror.org/0eba00001"}},
		{"Department of Biology, Eastbrook University School of Medicine", []string{"https://ror.org/0ebb00001"}}, // the one registered name that begins "Eastbrook University"
		{"Department of Microbiology, School of Basic Medical Sciences, Eastbrook University Health Science Center", []string{"https://ror.org/0ebb00001"}},
		// So is it with "University" abbreviated, as authors write it.
		{"Dept. of Biology, Eastbrook Univ. School of Medicine", []string{"https://ror.org/0ebb00001"}},
		// A city the registry knows is an address, not a name word.
		{"Sch. of Comput. Sci., Florida Coastal Univ., Seaport, FL, USA", []string{"https://ror.org/0fcu00001"}},
		{"Florida Coastal University Seaport", []string{"https://ror.org/0fcu00001"}},
		{"Department of History Florida Coastal University Seaport Florida", []string{"https://ror.org/0fcu00001"}},
		{"Florida Coastal University, Seaport, Florida", []string{"https://ror.org/0fcu00001"}},
		{"Department of History Florida Coastal University Seaport USA", []string{"https://ror.org/0fcu00001"}},
		{"Department of History, University of Seaport, Seaport", []string{"https://ror.org/0sea00001"}},
		// A city, its state and the country run onto the name.
		{"Department of History Florida Coastal University Seaport Florida USA", []string{"https://ror.org/0fcu00001"}},
		{"Department of History University of Seaport Seaport Florida USA", []string{"https://ror.org/0sea00001"}},
		{"Department of History Florida Coastal University Seaport 33101 USA", []string{"https://ror.org/0fcu00001"}},
		{"Department of History University of Seaport Seaport 33101 USA", []string{"https://ror.org/0sea00001"}},
		// A bare acronym counts when one organisation holds it (or one in
		// the country named), also when it is the whole string, not when
		// it is shared or two letters long.
		{"Department of Physics, KAVI", []string{"https://ror.org/0kav00001"}},
		{"KAVI", []string{"https://ror.org/0kav00001"}},
		{"QUAB", []string{"https://ror.org/0qma00001"}}, // a prominent organisation's own
		{"WAVE", []string{}}, // also the whole name of another
		{"WaVE", []string{}},
		{"Department of Physics, ZIT", []string{}},
		{"Department of Physics, ZIT, Japan", []string{"https://ror.org/0zib00001"}},
		{"Department of Physics, MT", []string{}},
		// Initials begin the name after them: they are no unit.
		{"K. M. Westmoor College", []string{}},
		// A unit the registry does not hold, run into the name of its
		// host without a comma, stands for the host; two names joined by
		// a slash are two parties, not a unit and its host: the one the
		// registry holds is read, as itself.
		{"Marine Botany Laboratory of the Westland Academy of Sciences", []string{"https://ror.org/0aca00001"}},
		{"Key Laboratory of Tide Gauges Coastal College Dunmore University", []string{"https://ror.org/0dun00001"}},
		{"Sandbank Conservatory of Music/Dunmore University", []string{"https://ror.org/0dun00001"}},
		// So is a unit run into "University of X" that a state ends: the
		// state is the university's name, not its address.
		{"Department of Tides, Abbott School of Medicine University of South Dakota", []string{"https://ror.org/0usd00001"}},
		{"Sandbank Tides Laboratory University of South Dakota", []string{"https://ror.org/0usd00001"}},
		// An acronym after a name is not a town spelt alike, which would
		// put the party in that town's country.
		{"Laboratory of Currents, Stravinsk Institute of Tides VAS", []string{"https://ror.org/0sti00001"}},
		{"Laboratory of Currents, Stravinsk Institute of Tides, VAS", []string{"https://ror.org/0sti00001"}},
		// An acronym opening a segment: of the organisation whose unit
		// follows, or of another before an organisation's name written
		// whole, unless a registry name holds it as a word.
		{"KAVI Tidal Research Center", []string{"https://ror.org/0kav00001"}},
		{"WXTC Redwater Appleby Laboratory, Didcot", []string{"https://ror.org/0rwl00001"}},
		{"XQZT University of Northwold", []string{"https://ror.org/0uni00001"}},
		{"VELA University of Northwold", []string{}},
		// A town's name ending the words a registered name begins with is
		// the name's, not the address.
		{"University of West Harbour, Eastvale", []string{"https://ror.org/0uwh00001"}},
		// The campus whose name the string writes whole, its place after
		// a comma, though the system is not named and the other campus
		// is registered under the bare name too.
		{"University of Eastland, Lowtown", []string{"https://ror.org/0eal00001"}},
		{"University of Eastland", []string{"https://ror.org/0ear00001"}},
		// A candidate that fits every word another fits, and more, as
		// well, is the better reading of them, not another party.
		{"Northmoor Royal Academy of Sciences, Institute of Tidal Botany", []string{"https://ror.org/0wtb00001"}},
		// A namesake abroad that fits only some of the words a kept
		// organisation fits is no other party.
		{"Northmoor Royal Academy of Sciences, Institute of Tidal Zoology", []string{"https://ror.org/0wtz00001"}},
		// "Technische" is "technical".
		{"Department of Psychology, Technical University Westerau", []string{"https://ror.org/0tuw00001"}},
		{"Dept. of Psychology, Tech. Univ. Westerau, Germany", []string{"https://ror.org/0tuw00001"}}, // "Tech." abbreviates "Technische" too
		// A unit whose registered name the string writes across two
		// segments is named, not only the university in it: the unit
		// first, then the university, though the registry does not
		// relate them.
		{"Institute of Tidal Seismology, University of Northwold", []string{"https://ror.org/0its00001", "https://ror.org/0uni00001"}},
		{"Department of Waves, Institute of Tidal Seismology, University of Northwold", []string{"https://ror.org/0its00001", "https://ror.org/0uni00001"}},
		// A city that ends a registered name run onto it is the name's.
		{"Department of Physics University of Westmarch Eastport Florida USA", []string{"https://ror.org/0wea00001"}},
		// Of a system's campuses alike, the one named after the city the
		// address gives.
		{"Department of Physics, University of Westmarch, 1 Harbour Street, Eastport, FL", []string{"https://ror.org/0wea00001"}},
		// A short name written exactly that no other organisation holds
		// counts as a unique acronym does, with a unit, the country or
		// alone.
		{"Theory Group, KELVO, Tsukuba, Japan", []string{"https://ror.org/0kel00001"}},
		{"Theory Group, KELVO", []string{"https://ror.org/0kel00001"}},
		{"KELVO", []string{"https://ror.org/0kel00001"}},
		// A benefactor's name between a university and its school.
		{"Department of Surgery, University of Eastvale Smithers School of Medicine", []string{"https://ror.org/0eas00001"}},
		// So are initials and a surname, and a given name with them.
		{"Department of Nutrition, Kestrel Vale T.H. Smithers School of Public Health", []string{"https://ror.org/0kes00001"}},
		{"University of Eastvale Leonard M. Smithers School of Medicine", []string{"https://ror.org/0eas00001"}},
		// Hong Kong written with China is Hong Kong: not the namesake
		// campus on the mainland.
		{"Dept. of Physics, HVUS, Hong Kong, China", []string{"https://ror.org/0hkq00001"}},
		{"HVUS, Kowloon, HKSAR, P. R. China", []string{"https://ror.org/0hkq00001"}},
		{"Dept. of Physics, HVUS, Nansha, China", []string{}},
		// Acronyms run onto a name without commas are read apart.
		{"University of Eastvale ZIT", []string{"https://ror.org/0eas00001"}},
		{"University of Eastvale ZIT-VELA, Northtown", []string{"https://ror.org/0eas00001"}}, // joined by a hyphen
		{"University of Eastvale CTyM", []string{"https://ror.org/0eas00001"}},                // mostly capitals
		// A school named after its university with its subject.
		{"Ashfield Veterinary School", []string{"https://ror.org/0ash00001"}},
		{"Department of X, Ashfield Law School", []string{"https://ror.org/0ash00001"}},
		{"Ashfield Business School", []string{}}, // often an institution of its own
		// The university's name and then its college's, each a segment.
		{"School of Computing, University of Westford, Hollow College", []string{"https://ror.org/0hcw00001"}},
		{"Hollow College", []string{"https://ror.org/0hcu00001"}},
		// A namesake abroad of a unit written with a host whose country is
		// clear even where the host itself is not.
		{"Institute of Marine Epigenetics, Brenton University Smithers School", []string{}},
		{"Institute of Marine Epigenetics", []string{"https://ror.org/0ime00001"}},
		// A benefactor's name between the university and its school, the
		// university written in its own word order.
		{"Graduate Program in Tidal Pharmacology, University of Tarrow Hollis School of Medicine", []string{"https://ror.org/0utr00001"}},
		{"Epigenetics Institute, University of Ashfield Hollis School of Medicine", []string{"https://ror.org/0ash00001"}},
		{"Institute of Functional Epigenetics", []string{"https://ror.org/0ife00001"}},
		// Below the threshold, a name the string writes whole but for an
		// organisation's head word ("school", "college") still leads;
		// "university" left over is too strong a word to leave.
		{"Department of Tidal Pathology, Harlan Keyes School of Medicine", []string{"https://ror.org/0hme00001"}},
		{"Department of Tidal Pathology, Harlan Keyes Medical College", []string{"https://ror.org/0hme00001"}},
		// Below the threshold, a namesake that fits the words only by a
		// name it is otherwise known by does not compete.
		{"Dept. of Applied Mathematics, Quorn institute", []string{"https://ror.org/0qis00001"}},
		// A school named after its university: the far more prominent of
		// namesakes whose names the string writes but for the head word.
		{"Ravenel Law School", []string{"https://ror.org/0tmu00001"}},
		{"Ravenel College", []string{"https://ror.org/0tmc00009"}},
		// The registry's name, then more of the organisation's own words.
		{"Princess Alys Center for Oncology, the Netherlands", []string{"https://ror.org/0pmc00001"}},
		// Not opening the segment, the registry's name is still read
		// inside it, a field before it and a unit after it (a second
		// reading, see embeddedNames).
		{"Oncology Princess Alys Center Unit Pediatrics", []string{"https://ror.org/0pmc00001"}},
		// A unit is cited with its own host: a namesake unit of another
		// organisation is not chosen for a string that names a different
		// university it does not explain.
		{"Institute of Tidal Genetics, Hollins Valley University", []string{}},
		{"Institute of Tidal Genetics, Fjordland University", []string{"https://ror.org/0gen00001", "https://ror.org/0fjo00001"}},
		// The unit of a university abroad, written after another
		// university (as that one's own unit), does not decide the country.
		{"University of Northwold, Institute of Tidal Genetics", []string{"https://ror.org/0uni00001"}},
		// Chinese names that read alike in pinyin are told apart by the
		// characters written.
		{"北岭大学", []string{"https://ror.org/0bla00001"}},
		{"贝岭大学", []string{"https://ror.org/0blb00001"}},
		// The organisation's own words before a unit, in order, tell two
		// word-order twins apart.
		{"Department of Biology, University of Westbrook Smithers School of Medicine", []string{"https://ror.org/0orda0001"}},
		// A school the registry does not hold stands for its university;
		// a college of engineering is not cut down to a place name.
		{"Department of Surgery, Dunmore Medical School", []string{"https://ror.org/0dun00001"}},
		{"Dunmore College of Engineering", []string{}},
		{"Kestrel Vale Smithers School of Public Health", []string{"https://ror.org/0kes00001"}},
		// A host other than a university, written whole before the
		// college of medicine it runs.
		{"Department of Surgery, Harrowgate Clinic College of Medicine", []string{"https://ror.org/0hcl00001"}},
		// Word order tells them apart even when two others share a name.
		{"Department of Biology, University of Vale", []string{"https://ror.org/0uva00001"}},
		{"Department of Biology, Vale University", []string{}},
		// A campus's unit gives the campus, not also the system whose
		// words are only the campus's own name.
		{"Institute of Tidal Robotics, University of Westmarch, Northtown", []string{"https://ror.org/0itr00001", "https://ror.org/0nor00001"}},
		// "X University" with a unit is the university, not a hospital
		// whose name opens "X University".
		{"Department of Geology, Fenmoor University", []string{"https://ror.org/0fen00001"}},
		// An acronym several organisations hold, with the town of one.
		{"KMI Dunhaven", []string{"https://ror.org/0kma00001"}},
		{"KMI Osaru", []string{"https://ror.org/0kmb00001"}},
		// The acronym opening what the parser reads as an address.
		{"Theory Group, KMI NL-4412 Dunhaven 7, Netherlands", []string{"https://ror.org/0kma00001"}},
		// A registry name run into the school after it: the name's own
		// words, with its town, are not the school's.
		{"Department of Oral Biology, University of Harmon Health Science Center at Northtown School of Dentistry", []string{"https://ror.org/0hsa00001"}},
		// An acronym the string spells out, in another order, is the
		// name written before it, not another organisation's.
		{"Centre for Zellner Studies Tarnwell (TCZS), Faculty of Medicine", []string{}},
		{"TCZS, Lagos, Nigeria", []string{"https://ror.org/0tcz00001"}},
		// A town before an institute's name is part of that name, not a
		// unit of a namesake elsewhere.
		{"Kellbrook Neuroplastics Institute and the Department of Psychology", []string{}},
		{"Department of Psychology, Neuroplastics Institute", []string{"https://ror.org/0inp00001"}},
		// A unit run into a host named by common words only: the host
		// is named when an organisation the registry relates to others
		// is named so, word for word.
		{"Laboratory of Tree Testing National Academy of Sciences", []string{"https://ror.org/0nas00001"}},
		{"Laboratory of Tree Testing National Institute of Technology", []string{}},
		{"Laboratory of Tree Testing University of National Academy of Sciences", []string{}},           // not the academy: its name is cut from the university's
		{"The Tarrow Institute of National Academy of Sciences", []string{"https://ror.org/0nas00001"}}, // an institute of the academy
		// A laboratory written after a university's name is the
		// university's; "X University of Y" is another university, and a
		// name that adds a word of its own to "X University" is not meant
		// by "X University" alone.
		{"Westcombe University Kellen Joint Laboratory for Optics", []string{"https://ror.org/0wmu00001"}},
		{"Lugansk University", []string{}},
		{"Hollby University", []string{"https://ror.org/0hlh00001"}}, // its town in another spelling
		// An acronym in parentheses after a name, held by another
		// organisation, says which one the name (translated) stands for.
		{"National Council for Tapestry and Weaving (CONATA)", []string{"https://ror.org/0cnt00001"}},
		{"National Council for Tapestry and Weaving (NCTW)", []string{"https://ror.org/0nct00001"}},
		// A site registered as its centre's name and its town is not
		// meant by the centre's name alone.
		{"Tarnby Centre for Tides (TCT)", []string{"https://ror.org/0wct00001"}},
		// A laboratory written with the retired university its own
		// university succeeds is the laboratory, with its university.
		{"Laboratoire Tarnot-Bessel, Univ. Vellmont Sud", []string{"https://ror.org/0ltn00001", "https://ror.org/0wsa00001"}},
		// A leader below the threshold that explains every word a
		// competitor does and more, leaving none of its own unwritten,
		// leads; the competitor leaves its town unwritten.
		{"Department of Immunology, Calder A&M Health, School of Medicine", []string{"https://ror.org/0kah00001"}},
		// A registry name written whole, then a word no registry name
		// holds (its campus): the organisation.
		{"Department of Geography, University of Northwold Quorlbury, Fenwick SO17 1BJ, UK", []string{"https://ror.org/0uni00001"}},
		// A country's name stands for its adjective.
		{"Moldova State Academy of Tapestry", []string{"https://ror.org/0mol00001"}},
		{"Department of Weaving, Moldova State Academy of Tapestry, Moldova", []string{"https://ror.org/0mol00001"}},
		{"Department of Weaving, Upper Moldovan Academy of Tapestry, College of Carpets at Orhei, Moldova", []string{"https://ror.org/0umo00001"}},
		// A unit run into its host, the host written with a standard
		// abbreviation ("Univ"): the host's own word all the same.
		{"Faculty of Agro-Industry Kestrel Vale Univ", []string{"https://ror.org/0kes00001"}},
		{"Faculty of Agro-Industry Kestrel Vale University", []string{"https://ror.org/0kes00001"}},
		// A registry name written without the country that ends it.
		{"Department of Biology, University of Harlow", []string{"https://ror.org/0hau00001"}},
		{"Department of Biology, Harlow University", []string{"https://ror.org/0hgb00001"}},
		// A branch named by its parent's name and a country is not its
		// parent's name written without the country.
		{"Tidewater Network", []string{"https://ror.org/0tnw00001"}},
		// "University" written in English does not mean "College".
		{"Department of Biology, University of Westmoor", []string{}},
		{"Department of Biology, Westmoor College", []string{"https://ror.org/0wmc00001"}},
		// The institution written last gives the party its country.
		{"Heart Failure Unit, National Heart Institute, National Health Agency", []string{"https://ror.org/0nha00001"}},
		{"National Heart Institute, Vilnius", []string{"https://ror.org/0nhi00001"}},
		// A shorter written name that only one organisation explains, far
		// ahead of any other.
		{"Department of Physics, University of Stonebridge", []string{"https://ror.org/0stb00001"}},
		// A namesake of a unit, explaining none of the host's words, does
		// not stop the host from leading.
		{"Institute of Coastal Ecology and Tides, Westland Academy", []string{"https://ror.org/0aca00001"}},
		// A unit written "at" its host in one segment names the host.
		{"Quillon Centre for Glass Studies at the University of Northwold", []string{"https://ror.org/0uni00001"}},
		// A unit the registry does not hold, in a segment of its own,
		// leaves the host written in the next segment the clear leader.
		{"Quillon Glass Institute, University Hospital Philippa Stonebridge", []string{"https://ror.org/0stb00001"}},
		// A unit is named with its own host, in one country: a namesake
		// institute abroad is not chosen beside a university elsewhere.
		{"Institute of Coastal Ecology, Brackenridge University", []string{"https://ror.org/0brk00001"}},
		// Its host is the organisation meant when it reads clearly.
		{"Institute of Coastal Ecology, Hospital of the University of Dunraven", []string{"https://ror.org/0dnr00001"}},
		{"Institute of Coastal Ecology, Tamsin University", []string{"https://ror.org/0coa00001"}},
		{"Institute of Coastal Ecology", []string{"https://ror.org/0coa00001"}},
		// The country of the organisation written last is read from the
		// segment that names it, not from a later one repeating its words.
		{"Institute of Tidal Medicine, Corvale University, Key Laboratory of Tidal Medicine", []string{"https://ror.org/0cor00001"}},
		{"Brightwater Cancer Center and Research Institute", []string{"https://ror.org/0brw00001"}},
		{"Northwold Bioinformatics Institute, Northwold Marine Laboratory", []string{"https://ror.org/0nbi00001"}},
		// An acronym in capitals names its organisation letter for letter:
		// one that only sounds like another's is not that organisation.
		{"Instituto Marlowe, TVESA", []string{"https://ror.org/0mar00001"}},
		{"Department of Physics, TOVESA", []string{"https://ror.org/0tov00001"}},
		// A system of universities is not the affiliation of a string that
		// names it without "System": it names one of its universities.
		{"Department of Physics, Corbin University", []string{}},
		{"Office of the Chancellor, Corbin University System", []string{"https://ror.org/0csy00001"}},
		// Unless one of them is its flagship, far more prominent than the
		// others.
		{"Department of Physics, Harmon University", []string{"https://ror.org/0hsr00001"}},
		{"Department of Biology, University of Kestrow", []string{"https://ror.org/0umf00001"}},
		{"Department of Biology, University of Kestrow at Glen", []string{"https://ror.org/0umg00001"}},
		// The campus whose town the string writes, not the flagship.
		{"Department of Biology, Univ Kestrow, Glen", []string{"https://ror.org/0umg00001"}},
		{"Univ Quillon, Marrow, USA", []string{"https://ror.org/0uqu00001"}},
		{"Corvin State University, Eastbay", []string{"https://ror.org/0cse00001"}},
		// Another name of its own, written out, says which.
		{"Department of Surgery, Dunvale University Medical Center", []string{"https://ror.org/0dvs00001"}},
		// An acronym the string spells out abbreviates that name, not
		// another organisation's.
		{"Member of the Tarnwell Cardiac Institute (TCI)", []string{"https://ror.org/0tci00001"}},
		{"Zavod za Tiskanje (TCI)", []string{"https://ror.org/0zav00001"}},
		// Also when it abbreviates words in a row of a longer name the
		// registry does not hold.
		{"Department of Optics, Osric Centre for Tidal Cardiac Imaging (TCI)", []string{}},
		// An organisation's name run on after a unit's without a comma
		// is read apart from it; a unit's subjects are no name.
		{"Department of Physics Westhaven Medical Institute", []string{"https://ror.org/0fun00001"}},
		{"Department of Physics Westhaven Medical Institute Brackmoor United Kingdom", []string{"https://ror.org/0fun00001"}},
		{"Department of Tidal Physics", []string{}},
		// A government department written with its town and country
		// is the department, not the university named after the town.
		{"Department for Tidal Affairs, Brackmoor, UK", []string{"https://ror.org/0dtf00001"}},
		// Also with its town alone, after a unit's words.
		{"Department for Tidal Affairs, Brackmoor", []string{"https://ror.org/0dtf00001"}},
		{"Department of Physics, Department for Tidal Affairs, Brackmoor", []string{"https://ror.org/0dtf00001"}},
		// So is an organisation named like a unit written with its town
		// and country.
		{"Division of Tidal Studies, Brackmoor, UK", []string{"https://ror.org/0dts00001"}},
		// Namesakes in one country: the one in the town written.
		{"Sannox Hospital, Wakaura, Japan", []string{"https://ror.org/0snx00002"}},
		{"Department of Surgery, Sannox Hospital, Chibara", []string{"https://ror.org/0snx00001"}},
		{"Sannox Hospital, Japan", []string{}},
		{"Department of Research, Ministry of Tides, Portvallon", []string{"https://ror.org/0mtd00002"}},
		{"Department of Research, Ministry of Tides", []string{}},
		{"Sannox Clinic, Kestov, Japan", []string{"https://ror.org/0scl00003"}},
		// A campus whose name the registry holds word for word is an
		// organisation, not an address; another campus is an address.
		{"Westland Technical Campus, Brackmoor, UK", []string{"https://ror.org/0wtc00001"}},
		{"Eastmere General Hospital, Westland Campus", []string{"https://ror.org/0hos00001"}},
		{"Building Tidal Futures, Portvallon, Portugal", []string{"https://ror.org/0btf00001"}},
		// Subjects alone name no organisation, though a registry name
		// is those subjects after a head word.
		{"Westmoor Business School - Finance and Economics", []string{}},
		{"University of Finance and Economics", []string{"https://ror.org/0ufe00001"}},
		// Names alike but for a hyphen: the one written as the registry
		// writes it.
		{"Dong-Kestrel University", []string{"https://ror.org/0dke00001"}},
		{"Department of Physics, Dong Kestrel University", []string{"https://ror.org/0dke00002"}},
		{"Sannox Clinic, Chibara, Japan", []string{"https://ror.org/0scl00001"}},
		// A unit's own name without its parent's that opens it.
		{"Harlow Cancer Center", []string{"https://ror.org/0hcc00001"}},
		{"Harlow Cancer Center, Eastport, Spain", []string{"https://ror.org/0hce00001"}},
	}
	for _, tc := range tests {
		got, err := r.Resolve(tc.in, Options{})
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if !reflect.DeepEqual(ids(got), tc.want) {
			t.Errorf("Resolve(%q) = %v, want %v", tc.in, ids(got), tc.want)
		}
	}
	got, _ := r.Resolve("Eastmere College of Nursing", Options{})
	if got.Orgs[0].Via != "https://ror.org/0old00001" {
		t.Errorf("successor should name the retired record it replaced: %+v", got.Orgs[0])
	}
}

func TestResolveBadInput(t *testing.T) {
	r := fixture()
	for _, in := range []string{"", "  ,; ", "\xff\xfe", string(make([]byte, MaxInputBytes+1))} {
		if _, err := r.Resolve(in, Options{}); err == nil {
			t.Errorf("Resolve(%.10q) gave no error", in)
		}
	}
}

func TestMentions(t *testing.T) {
	r := fixture()
	tests := []struct {
		id, s string
		want  bool
	}{
		{"https://ror.org/0uni00001", "Dept of Physics, Univ Northwold", true},
		{"https://ror.org/0uni00001", "Department of Physics, University of Eastvale", false}, // "university" alone is generic
		{"https://ror.org/0nha00001", "National Health Agency", true},                         // all its words, though common
		{"https://ror.org/0kav00001", "KAVI, Korea", true},                                    // its acronym
		{"https://ror.org/0missing1", "anything", false},
	}
	for _, tc := range tests {
		if got := r.Mentions(tc.id, tc.s); got != tc.want {
			t.Errorf("Mentions(%s, %q) = %v, want %v", tc.id, tc.s, got, tc.want)
		}
	}
}

// TestResolveConcurrent resolves the fixture strings from many goroutines
// at once and checks every result is the one a lone caller gets: the
// resolver's per-goroutine scratch and shared caches must not leak one
// caller's words into another's (run with -race).
func TestResolveConcurrent(t *testing.T) {
	r := fixture()
	inputs := []string{
		"Dept Phys, Univ Northwold, Northwold NW1 2AB, England",
		"Northwold Institute of Marine Acoustics, University of Northwold",
		"Department of Physics, Westbrook University",
		"Lakeside University, Toronto, Canada",
		"Department of Surgery, Hollins University School of Medicine",
		"示例理工大学材料学院",
		"Completely Unknown Bakery",
		"Sch. of Comput. Sci., Florida Coastal Univ., Seaport, FL, USA",
	}
	want := make([][]string, len(inputs))
	for i, in := range inputs {
		res, err := r.Resolve(in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want[i] = ids(res)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				i := (g + k) % len(inputs)
				res, err := r.Resolve(inputs[i], Options{})
				if got := ids(res); err != nil || !reflect.DeepEqual(got, want[i]) {
					select {
					case errs <- fmt.Sprintf("%q: got %v (%v), alone %v", inputs[i], got, err, want[i]):
					default:
					}
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// FuzzResolve checks that any string resolves without a panic, to
// organisations of the registry, each once, with scores in [0, 1].
func FuzzResolve(f *testing.F) {
	for _, s := range []string{
		"Dept Phys, Univ Northwold, Northwold NW1 2AB, England",
		"a) X, UK. 2 (b) Y; [3] Z", "Halvorsen-Institut für Gezeiten und und Strömungen", "Centre for , UK", "KTCU-ZIT/VELA Hospital",
		"Institute for Example Design. University of Northwold", "Systems. Université de X. Spain",
		"Northwold Institute of Marine Acoustics/University of Northwold", "示例理工大学材料学院",
		"A. B. C. College", "(KAVI)", "; ; ,", "Int. Univ.", "\xff\xfe", "Lakeside University, Toronto, Canada",
		"东岭科学院潮汐物理研究所重点实验室", "東嶺科學院 潮汐（物理）研究所, 中国",
		"Quillby - Institute for Machine Minds — X", "Sch. of Y, Jordan, Inst. of Technol., , USA", "NorthwoldUniversityÉ atX",
		" - —, ,—", "Centre at the University of Brenlow at", "University of Eastvale CTyM",
		"Northwold Institute of Marine Acoustics CNRS, University of Northwold", "HVUS, Kowloon, HKSAR, P. R. China",
		"Dept X, Chicago, IL, USA", "Departments of A, and B, Physiology, , Northwold", "Quillfield Institute of Tidal Technology Systems Lab USA",
		"HMIS Quantitative Biosciences", "ZIT Zellner Inst. of Technology", "KMI Dunhaven", "Theory Group, KMI NL-4412 Dunhaven 7, Netherlands",
		"Centre for Zellner Studies Tarnwell (TCZS)", "University of Harmon Health Science Center at Northtown School of Dentistry", "UPR20 U1208, KMI",
		"Acme University of Agriculture and\n\t\tVeterinary Medicine\n", "Laboratoire Tarnot-Bessel, Univ. Vellmont Sud", "(CONATA) National Council (NCTW)",
		"Tarnby Centre for Tides (TCT) Ostwald, Ostwald", "University of Kestrow", "Westcombe University Kellen Laboratory of", "Calder A&M Health",
		"Unitidal / Florida Coastal University", "Florida Coastal University / มหาวิทยาลัย", " / ๆ", "东北科学院;示例理工大学 / 示例理工大学",
		"示例理工大学、", "、示例理工大学・", "示例理工大学・・示例理工大学", "、,，；・", "Department for Tides, , Innovation &, ", "X,Y, Z; ,",
	} {
		f.Add(s)
	}
	r := fixture()
	f.Fuzz(func(t *testing.T, s string) {
		res, err := r.Resolve(s, Options{})
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, o := range res.Orgs {
			if seen[o.ID] || r.orgs[o.ID] == nil || o.Score < 0 || o.Score > 1 {
				t.Fatalf("%q: org %+v (seen %v, known %v)", s, o, seen[o.ID], r.orgs[o.ID] != nil)
			}
			seen[o.ID] = true
		}
	})
}

// A word between a registered university's name and its school is read
// as the school's (a benefactor's name), unless the registry knows the
// words with it as a name or the start of one.
func TestBenefactorMarked(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"University of Tarrow Hollis School of Medicine", "university tarrow"},
		{"University of Tarrow Westgate Medical School", "university tarrow westgate"},
		{"University of Nowhere Hollis School of Medicine", "university nowhere hollis"}, // no registered name
	} {
		if g := orgWords(r, tc.in); g != tc.want {
			t.Errorf("%q: organisation words %q, want %q", tc.in, g, tc.want)
		}
	}
}

// checkReading checks that r reads in's organisation words as words,
// unless words is "", and resolves in to the ids id, unless id is "".
func checkReading(t *testing.T, r *Resolver, in, words, id string) {
	t.Helper()
	if g := orgWords(r, in); words != "" && g != words {
		t.Errorf("%q: organisation words %q, want %q", in, g, words)
	}
	if id == "" {
		return
	}
	if g := resolvedIDs(t, r, in); g != id {
		t.Errorf("%q: resolved %q, want %q", in, g, id)
	}
}

// readingCase is a string, the organisation words r reads in it ("" to
// leave them unchecked) and the organisations it resolves to ("" for
// none checked), as checkReading compares them.
type readingCase struct{ in, words, id string }

// checkReadings runs checkReading over cases.
func checkReadings(t *testing.T, r *Resolver, cases []readingCase) {
	t.Helper()
	for _, tc := range cases {
		checkReading(t, r, tc.in, tc.words, tc.id)
	}
}

// segmentTexts returns the texts of the segments of the parties r reads
// in s, joined by "|".
func segmentTexts(r *Resolver, s string) string {
	var got []string
	for _, p := range r.Parties(s) {
		for _, seg := range p.Segments {
			got = append(got, seg.Text)
		}
	}
	return strings.Join(got, "|")
}

// checkSegmentTexts compares, for each case (a string, the texts of its
// segments joined by "|"), the segments r reads with the wanted ones.
func checkSegmentTexts(t *testing.T, r *Resolver, cases [][2]string) {
	t.Helper()
	for _, tc := range cases {
		if got := segmentTexts(r, tc[0]); got != tc[1] {
			t.Errorf("%q: segments %q, want %q", tc[0], got, tc[1])
		}
	}
}

// orgWords returns the canonical words Parties reads as an organisation's
// in s, space-separated.
func orgWords(r *Resolver, s string) string {
	var got []string
	for _, p := range r.Parties(s) {
		for _, tk := range p.Tokens() {
			if tk.Role == names.RoleName {
				got = append(got, tk.Text)
			}
		}
	}
	return strings.Join(got, " ")
}

// A country's adjective before a registry name it is no word of says
// where the organisation is, as "… of Canada" would; one that opens the
// registry name itself stays a word of it.
func TestDemonymBeforeName(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"Canadian Lakeside University", "https://ror.org/0twb00001"},
		{"Department of Tides, American Lakeside University", "https://ror.org/0twa00001"},
		{"Lakeside University", ""}, // namesakes in two countries
	} {
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A country's adjective that opens a registry name is the name's, though
// the words after it, with the town run on, are another's ("Lebanese
// American University Beirut", not the American University of Beirut).
func TestDemonymOpeningNameBeforeTown(t *testing.T) {
	own := orgIn("0dmt00001", "lb", "Eastport", "Lebanese Westland University", "education")
	other := orgIn("0dmt00002", "lb", "Eastport", "Westland University of Eastport", "education")
	r := withFillers("lb", own, other)
	checkResolved(t, r, []resolveCase{
		{"Lebanese Westland University Eastport", own.ID},
		{"Lebanese Westland University, Eastport, Lebanon", own.ID},
		{"Westland University of Eastport", other.ID},
		{"Westland University Eastport", other.ID},
	})
}

// A postcode written between a name and the town that ends its segment
// is the address's, as the town is; a number of the name's own is not.
func TestPostcodeBeforeTown(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"University of Seaport 1090 Seaport, USA", "university seaport"},
		{"Department of Tides, University of Seaport 10900 Seaport", "university seaport"},
		{"University of Seaport 12 Seaport", "university seaport 12"},
	} {
		if g := orgWords(r, tc.in); g != tc.want {
			t.Errorf("%q: organisation words %q, want %q", tc.in, g, tc.want)
		}
	}
}

// A word between a registry name and a postcode is read as the town,
// known to the registry or not; a word after a university's registry name
// that is no part of it, or a word and "Campus", as a campus or district.
func TestTownOrCampusAfterName(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"University of Seaport Brenwick 10900, USA", "university seaport"},
		{"Department of Tides, University of Seaport Brenwick 10900", "university seaport"},
		{"Department of Tides, University of Seaport Brenwick", "university seaport"},
		{"University of Seaport South Campus", "university seaport"},
		{"University of Seaport Ost", "university seaport ost"}, // too short to tell
		{"University of Seaport & Brenwick", "university seaport brenwick"},
		{"Halloran Research Society Brenwick", "halloran research society brenwick"},
	} {
		if g := orgWords(r, tc.in); g != tc.want {
			t.Errorf("%q: organisation words %q, want %q", tc.in, g, tc.want)
		}
	}
}

// A state's or province's postal code written in capitals after a town
// the registry knows, in a segment without commas, is the address's, as
// the state's name is: the words before the town name the organisation,
// also when a unit's name runs into them, and so is a postcode. In a
// string written all in lower case, a code of the town's country counts. In lower case, or with no town
// before it, the code is read as a word.
func TestRegionCodeAfterTown(t *testing.T) {
	r := fixture()
	checkReadings(t, r, []readingCase{
		{"Florida Coastal University Seaport FL USA", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Florida Coastal University Seaport FL", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Florida Coastal University Seaport FL 32611 USA", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Department of Tides Florida Coastal University Seaport FL USA", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Department of Tides Florida Coastal University Seaport Florida USA", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Department of Tides Corvell Genetics Brayton TX USA", "", "https://ror.org/0cgx00001"},
		{"Department of Tides Corvell Genetics Brayton Texas", "", "https://ror.org/0cgx00001"},
		{"Department of Tides Corvell Genetics Brayton TX 75001 USA", "", "https://ror.org/0cgx00001"},
		{"Department of Tides Corvell Genetics 75001 Brayton", "", "https://ror.org/0cgx00001"},
		{"Florida Coastal University Seaport fl", "florida coastal university seaport fl", ""},
		{"florida coastal university seaport fl", "florida coastal university", "https://ror.org/0fcu00001"},
		{"department of tides corvell genetics brayton tx usa", "", "https://ror.org/0cgx00001"},
		// A string in small letters is read as written in mixed case
		// (see Parties): a province's code ending it is read as in
		// "… Seaport QC", where the code in capitals is the address.
		{"florida coastal university seaport qc", "florida coastal university", ""},
		{"Florida Coastal University Brenwick FL", "florida coastal university brenwick fl", ""},
	})
}

// Words after a registry name that opens a segment and end with a
// laboratory's word are read as a unit's, not when they begin a longer
// registry name or no registry name opens the segment.
func TestTrailingUnitMarked(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"Quillfield Institute of Tidal Technology Autonomous Systems Lab USA", "quillfield institute tidal technology"},
		{"Quillfield Institute Autonomous Systems Lab", "quillfield institute autonomous system laboratory"}, // no registry name
		{"Quillfield Institute of Tidal Technology Autonomous Systems", "quillfield institute tidal technology autonomous system"},
	} {
		if g := orgWords(r, tc.in); g != tc.want {
			t.Errorf("%q: organisation words %q, want %q", tc.in, g, tc.want)
		}
	}
}

// An acronym written before the name it stands for, without a comma, is
// a segment of its own, and a town the name ends with stays the name's:
// "UHAR University of Harlowton" is the university, not a "UHAR
// University" in a Harlowton abroad; so is one written after it, and one
// before a one-word name. So are an acronym in mixed case or of two letters ("UniHa", "TC") and a name
// the parser read partly as a unit's ("… Hospital Kestrelshire"). Not
// when the acronym is another organisation's.
func TestAcronymBeforeItsName(t *testing.T) {
	uni := withAcronym(withAcronym(orgIn("0abn00001", "gb", "Harlowton", "University of Harlowton"), "UHAR"), "UniHa")
	abroad := orgIn("0abn00002", "us", "Harlowton", "Harlowton Tidal Works")
	coll := withAcronym(orgIn("0abn00003", "ca", "Kestrelby", "Kestrelby Valley College"), "KVC")
	other := withAcronym(orgIn("0abn00004", "gb", "Northby", "Northby Marine Institute"), "NMI")
	one := withAcronym(orgIn("0abn00005", "fr", "Harlowton", "Tidegenopolis"), "TGP")
	comm := withAcronym(orgIn("0abn00006", "be", "Brussels", "Tidal Commission"), "TC")
	hosp := withAcronym(orgIn("0abn00007", "de", "Kestrelburg", "University Hospital Kestrelshire"), "UKK")
	kelp := withAcronym(orgIn("0abn00008", "cz", "Kestrelov", "Západočeská Kelpová Univerzita"), "ZČKU")
	uni = withAcronym(uni, "UH")
	orgs := []registry.Org{uni, abroad, coll, other, one, comm, hosp, kelp}
	for k := range 5 {
		// "UH" is also five others' acronym.
		orgs = append(orgs, withAcronym(orgIn(fmt.Sprintf("0abn1000%d", k), "us", "Eastport", fmt.Sprintf("Kelp Works %d", k)), "UH"))
	}
	r := New(orgs)
	checkSplits(t, r, []splitCase{
		{"UHAR University of Harlowton", "UHAR|University of Harlowton", uni.ID},
		{"UniHa University of Harlowton", "UniHa|University of Harlowton", uni.ID},
		{"KVC Kestrelby Valley College", "KVC|Kestrelby Valley College", coll.ID},
		{"TGP Tidegenopolis, Harlowton", "TGP|Tidegenopolis|Harlowton", one.ID}, // a one-word name
		{"TC Tidal Commission, Brussels", "TC|Tidal Commission|Brussels", comm.ID},
		{"UKK University Hospital Kestrelshire, Kestrelburg", "UKK|University Hospital Kestrelshire|Kestrelburg", hosp.ID},
		{"ZČKU Západočeská Kelpová Univerzita", "ZČKU|Západočeská Kelpová Univerzita", kelp.ID},
		{"NMI University of Harlowton", "NMI University of Harlowton", ""},
		// After the name, however short it is.
		{"Tidegenopolis TGP", "Tidegenopolis|TGP", one.ID},
		{"University of Harlowton UniHa", "University of Harlowton|UniHa", uni.ID},
		// One many hold is left in the name's segment after it, where
		// it is read as an address's word or dropped: a segment of its
		// own, it would be read as any of its holders.
		{"University of Harlowton UH", "University of Harlowton UH", uni.ID},
		// Before the name, it is left out: the name says which holder.
		{"UH University of Harlowton", "University of Harlowton", uni.ID},
		{"Tidegenopolis NMI", "Tidegenopolis NMI", ""},
	})
}

// Of two namesakes written alike, the one registered under the acronym
// the string writes beside the name is meant; without it, or with an
// acronym neither holds, neither is.
func TestNamesakeByAcronymBeside(t *testing.T) {
	a := withAcronym(orgIn("0nab00001", "gb", "Northby", "Harlow Marine University"), "HMU")
	b := withAcronym(orgIn("0nab00002", "au", "Southby", "Harlow Marine University"), "HAMU")
	r := New([]registry.Org{a, b})
	for _, tc := range []struct{ in, want string }{
		{"Harlow Marine University (HMU)", a.ID},
		{"Harlow Marine University - HAMU", b.ID},
		{"Department of Tides, Harlow Marine University, HAMU", b.ID},
		{"Harlow Marine University", ""},
		{"Harlow Marine University (KMU)", ""},
	} {
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Two registry words written as one ("Chungang" for "Chung-Ang", "Kyunghee"
// for "Kyung Hee") are read apart as the registry writes them, when
// the word is no registry word of its own and one of the two is short or
// both are; two longer words joined are a word of their own.
func TestJoinedWordsReadApart(t *testing.T) {
	hy := org("0jwa00001", "kr", "active", "Kyo-Han University")
	sp := org("0jwa00002", "kr", "active", "Sol Bae Institute of Tides")
	three := org("0jwa00003", "ir", "active", "Amar-Al-Nadeem Hospital")
	long := org("0jwa00004", "pt", "active", "Agri-Scientia")
	r := New([]registry.Org{hy, sp, three, long})
	checkReadings(t, r, []readingCase{
		{"Kyohan University", "kyo han university", hy.ID},
		{"kyohan university", "kyo han university", hy.ID},
		{"Solbae Institute of Tides", "sol bae institute tides", sp.ID},
		{"amaralnadeem hospital", "amar al nadeem hospital", three.ID},
		{"Northwold Agriscientia", "northwold agriscientia", ""},
	})
	// A registry word of its own is read as written.
	own := org("0jwa00005", "kr", "active", "Solbae Foundation")
	r = New([]registry.Org{hy, sp, own})
	checkReadings(t, r, []readingCase{
		{"Solbae Foundation", "solbae foundation", own.ID},
		{"Solbae Institute of Tides", "solbae institute tides", ""},
	})
}

// Warm learns before any string what a resolver otherwise learns on its
// first: how the registry writes its words and the pairs of words written
// as one. A warmed resolver then reads strings that need both (written in
// small letters, a pair run together) as one that learns on its first
// string does, also while strings are resolved beside the learning.
func TestWarm(t *testing.T) {
	orgs := []registry.Org{
		org("0wrm00001", "kr", "active", "Kyo-Han University"),
		org("0wrm00002", "gb", "active", "University of Northwold NHS Trust"),
		org("0wrm00003", "kr", "active", "Sol Bae Institute of Tides"),
	}
	cold, warm := New(orgs), New(orgs)
	warm.Warm()
	if f, ok := warm.caseForms.Form("nhs"); !ok || f != "NHS" {
		t.Errorf("after Warm, the form of nhs is %q, %v; want NHS learnt from the registry", f, ok)
	}
	if got := warm.joined["kyohan"]; got != "Kyo-Han" {
		t.Errorf("after Warm, kyohan joins %q; want Kyo-Han", got)
	}
	inputs := []string{"kyohan university", "UNIVERSITY OF NORTHWOLD NHS TRUST", "Solbae Institute of Tides", "Institute of Tides, Kyohan University"}
	// A third resolver is warmed while it resolves the same strings.
	busy := New(orgs)
	done := make(chan struct{})
	go func() { busy.Warm(); close(done) }()
	for _, in := range inputs {
		want := resolvedIDs(t, cold, in)
		if want == "" {
			t.Fatalf("%q resolves to nothing with a resolver learning on its first string: the case tells nothing", in)
		}
		if got := resolvedIDs(t, warm, in); got != want {
			t.Errorf("%q: warmed resolver chose %q, one learning on its first string %q", in, got, want)
		}
		if got := resolvedIDs(t, busy, in); got != want {
			t.Errorf("%q: resolver warming meanwhile chose %q, want %q", in, got, want)
		}
	}
	<-done
}

// A campus's word between a registry name and its town, without a comma
// ("… Campus Northtown", "… Unidad Northtown"), "Campus" after a town
// after it or alone, is the address's, as after a comma; not when the
// registry name holds it.
func TestCampusBeforeTown(t *testing.T) {
	uni := orgIn("0cbt00001", "us", "Northtown", "Westvale University")
	acr := withAcronym(orgIn("0cbt00002", "mx", "Southby", "Centro de Mareas Avanzadas"), "CEMAV")
	own := orgIn("0cbt00003", "us", "Northtown", "Eastvale University Campus")
	other := withAcronym(orgIn("0cbt00005", "gb", "Westby", "Centre for Marine Aviation"), "CEMAV")
	r := New([]registry.Org{uni, acr, own, other, orgIn("0cbt00004", "us", "Northtown", "Northtown Tidal Works"), orgIn("0cbt00006", "us", "Kestrel Bay", "Kestrel Bay Marine Works")})
	checkReadings(t, r, []readingCase{
		{"Westvale University Campus Northtown", "westvale university", uni.ID},
		{"CEMAV Unidad Southby", "cemav", acr.ID},
		{"Westvale University Sede Northtown", "westvale university", uni.ID},
		{"Eastvale University Campus Northtown", "eastvale university campus", own.ID},
		// After a comma, the campus's town says where.
		{"CEMAV, Campus Southby", "cemav", acr.ID},
		// A town's campus after the name.
		{"Westvale University Kestrel Bay Campus", "westvale university", uni.ID},
		// "Campus" alone after the name.
		{"Westvale University Campus", "westvale university", uni.ID},
		{"Eastvale University Campus", "eastvale university campus", own.ID},
	})
}

// A registry town written before a registry name without a comma
// ("Harlowby Westvale University of Finance") says where; not when the
// town and the next word begin a registry name themselves, when the name
// after it is of common words only, or when a hyphen joins them.
func TestTownBeforeName(t *testing.T) {
	fin := orgIn("0tbn00001", "cn", "Harlowby", "Westvale University of Finance")
	town := orgIn("0tbn00002", "gb", "Northtown", "Northtown University")
	uw := orgIn("0tbn00003", "gb", "Westvale", "University of Westvale")
	tech := orgIn("0tbn00004", "jm", "Kingsby", "University of Technology")
	r := New([]registry.Org{fin, town, uw, tech})
	checkReadings(t, r, []readingCase{
		{"Harlowby Westvale University of Finance", "westvale university finance", fin.ID},
		{"Department of Tides, Harlowby Westvale University of Finance", "westvale university finance", fin.ID},
		{"Northtown University of Westvale", "northtown university", ""}, // Westvale, a town at the end, is the address
		{"Harlowby University of Technology", "harlowby university technology", ""},
		{"Harlowby-Westvale University of Finance", "harlowby westvale university finance", ""},
	})
}

// The unit after a registry name is read also when the parser read its
// last word as a unit's already ("… Materials Science Division"), and the
// organisation is the longest registry name that opens the segment, not
// a shorter one a longer one goes on from ("Institut Harlow de
// Northtown", not "Institut Harlow").
func TestTrailingUnitAfterLongestName(t *testing.T) {
	fire := org("0tul00001", "gb", "active", "Kestrel Fire Institute")
	mat := org("0tul00002", "gb", "active", "Westmarch Institute of Materials Science")
	inst := org("0tul00003", "fr", "active", "Institut Harlow")
	town := org("0tul00004", "fr", "active", "Institut Harlow de Northtown")
	r := New([]registry.Org{fire, mat, inst, town})
	checkReadings(t, r, []readingCase{
		{"Kestrel Fire Institute Materials Science Division", "kestrel fire institute", fire.ID},
		{"Institut Harlow de Northtown Research Division", "institute harlow northtown", town.ID},
		{"Institut Harlow de Northtown Materials Science Division", "institute harlow northtown", town.ID},
	})
}

// A region the registry's towns are in, written after one of them
// without a comma, is the address's ("… Brayton Lonestar"), also when it
// ends with its country's name before the country ("… Palaiseau
// Île-de-France France"), with a postcode after it or between the town
// and it; not without a town before it.
func TestRegionAfterTown(t *testing.T) {
	r := fixture()
	checkReadings(t, r, []readingCase{
		{"Corvell Genetics Brayton Lonestar", "corvell genetics", "https://ror.org/0cgx00001"},
		{"Corvell Genetics Brayton Lonestar USA", "corvell genetics", "https://ror.org/0cgx00001"},
		{"Department of Tides Corvell Genetics Brayton Lonestar", "", "https://ror.org/0cgx00001"},
		{"Institut des Marées Palaiseau Île-de-France France", "institute marees", "https://ror.org/0itm00001"},
		{"Florida Coastal University Seaport Gulfshore 305-8577 USA", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Florida Coastal University Seaport 56001 Gulfshore USA", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Corvell Genetics Lonestar", "corvell genetics lonestar", ""},
		// Postcodes of letters and digits.
		{"Florida Coastal University Seaport SW1A 2AA USA", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Florida Coastal University Seaport Gulfshore H3A 0G4", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Florida Coastal University 2628 CD Seaport", "florida coastal university", "https://ror.org/0fcu00001"},
		{"Florida Coastal University 2628 cd Seaport", "florida coastal university 2628 cd", ""},
	})
}

// A laboratory's name written before its organisation's without a comma
// is read as a unit's when the words after it are a registry name; not
// when no registry name follows it.
func TestLeadingUnitMarked(t *testing.T) {
	r := fixture()
	checkReadings(t, r, []readingCase{
		{"Laboratory of Tides Westhaven Medical Institute", "westhaven medicine institute", "https://ror.org/0fun00001"},
		{"Lab of Tidal Acoustics Corvell Genetics Brayton USA", "corvell genetics", "https://ror.org/0cgx00001"},
		{"Laboratory of Tides Westhaven Institute", "laboratory tides westhaven institute", ""},
	})
}

// A registry name written after a unit's words without a comma is an
// organisation's segment of its own, read with the rest of the string,
// also when other organisations' acronyms follow it.
func TestNameAfterUnitSplit(t *testing.T) {
	r := fixture()
	checkSplits(t, r, []splitCase{
		{"Department of Tides Northwold Institute of Marine Acoustics, University of Northwold", "Department of Tides|Northwold Institute of Marine Acoustics|University of Northwold", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		// Acronyms of other organisations after the name.
		{"Department of Tides Northwold Institute of Marine Acoustics CNRS, University of Northwold", "Department of Tides|Northwold Institute of Marine Acoustics|CNRS|University of Northwold", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"Centre QZMF Northwold Institute of Marine Acoustics CNRS, University of Northwold", "Centre QZMF|Northwold Institute of Marine Acoustics|CNRS|University of Northwold", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"Centre QZMF Northwold Institute of Marine Acoustics CNRS INSERM, University of Northwold", "Centre QZMF|Northwold Institute of Marine Acoustics|CNRS|INSERM|University of Northwold", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"Northwold Institute of Marine Acoustics CNRS INSERM, University of Northwold", "Northwold Institute of Marine Acoustics|CNRS|INSERM|University of Northwold", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"University of Northwold VII", "University of Northwold VII", "https://ror.org/0uni00001"},
		{"Department of Tides Corvell Genetics, Brayton", "Department of Tides|Corvell Genetics|Brayton", "https://ror.org/0cgx00001"},
		// With the address in the same segment.
		{"Department of Tides Corvell Genetics Brayton USA", "Department of Tides|Corvell Genetics Brayton USA", "https://ror.org/0cgx00001"},
		{"Department of Tides Laboratory Westhaven Medical Institute, Northtown", "Department of Tides Laboratory|Westhaven Medical Institute|Northtown", ""},
		{"Department of Tides and Marine Acoustics, Northtown", "Department of Tides and Marine Acoustics|Northtown", ""}, // no registry name after the unit's words
	})
}

// A registry name that ends an organisation's segment written without
// commas, after a unit's or another organisation's words or a unit's
// subjects, is a segment of its own: the string resolves as it does with
// a comma, not to a namesake of the unit's words abroad. Words that a
// registry name holds all of, or a name's own word before the name, keep
// the segment whole.
func TestTrailingNameSplit(t *testing.T) {
	orgs := append(fillerOrgs("0fil", "us", []string{"University", "Institute", "Centre"}, "education"),
		orgIn("0uni00001", "gb", "Northtown", "University of Northwold"),
		org("0gen00001", "fr", "active", "Centre for Tidal Genetics"),
		org("0wes00001", "us", "active", "Westhaven Medical Institute"),
		org("0stc00001", "fr", "active", "Stem Cell Institute"),
		org("0tid00001", "gb", "active", "Institute of Physics of the Northwold Academy"),
		org("0aca00001", "gb", "active", "Northwold Academy"),
		orgIn("0tuw00001", "de", "Westmoor", "Technische Universität Westmoor", "education"),
		orgIn("0wmm00001", "de", "Westmoor", "Westmoor Museum"),
	)
	r := New(orgs)
	checkSplits(t, r, []splitCase{
		{"Tidal Genetics Centre University of Northwold", "Tidal Genetics Centre|University of Northwold", "https://ror.org/0uni00001"},
		// A registry name that ends with its town, which the name's
		// words without it are not.
		{"Applied Zoology Technische Universität Westmoor", "Applied Zoology|Technische Universität Westmoor", "https://ror.org/0tuw00001"},
		{"Kelp Division Westhaven Medical Institute", "Kelp Division|Westhaven Medical Institute", "https://ror.org/0wes00001"},
		{"Kelp Centre University of Northwold Northtown UK", "Kelp Centre|University of Northwold Northtown|UK", "https://ror.org/0uni00001"},
		{"Marine Biophysics Westhaven Medical Institute", "Marine Biophysics|Westhaven Medical Institute", "https://ror.org/0wes00001"}, // subjects alone before
		{"Royal Westhaven Medical Institute", "Royal Westhaven Medical Institute", ""},                                                  // a word of the name's own before
		{"Advanced Kelp Concepts Team Westhaven Medical Institute", "Advanced Kelp Concepts Team|Westhaven Medical Institute", "https://ror.org/0wes00001"},
		{"Centre for Tidal Health Westhaven Medical Institute", "Centre for Tidal Health|Westhaven Medical Institute", "https://ror.org/0wes00001"},
		{"Marine Institute Kelpwater Stem Cell Institute", "Marine Institute Kelpwater Stem Cell Institute", ""},          // a name's own word before
		{"Institute of Physics Northwold Academy", "Institute of Physics Northwold Academy", "https://ror.org/0tid00001"}, // one registry name holds every word
	})
}

// Subjects the parser split off a unit's name at "and" with the registry
// name written after them, without a comma, end the unit's name again;
// the registry name is the organisation's segment ("Institute of Tides
// and Currents University of Northwold" had been read as "Institute of
// Tides", an institute abroad, and "Currents University of Northwold").
// A registry name linking its town with a word is read whole after a
// unit's words ("Medical University of Tidewater", not "University of
// Tidewater" after "… Medical").
func TestSubjectsRejoinUnit(t *testing.T) {
	r := withTownMuseums(append(fillerOrgs("0fil", "us", []string{"University", "Institute", "Centre"}, "education"),
		orgIn("0uni00001", "gb", "Northtown", "University of Northwold"),
		orgIn("0ins00001", "mx", "Southport", "Institute of Tides"),
		orgIn("0med00001", "at", "Tidewater", "Medical University of Tidewater"),
		orgIn("0utw00001", "at", "Tidewater", "University of Tidewater"),
	)...)
	checkSplits(t, r, []splitCase{
		{"Institute of Tides and Currents University of Northwold", "Institute of Tides and Currents|University of Northwold", "https://ror.org/0uni00001"},
		{"Centre for Tidal and Coastal Currents University of Northwold", "Centre for Tidal and Coastal Currents|University of Northwold", "https://ror.org/0uni00001"},
		{"Institute of Kelp Pharmacology Medical University of Tidewater", "Institute of Kelp Pharmacology|Medical University of Tidewater", "https://ror.org/0med00001"},
		{"Institute of Kelp and Pharmacology Medical University of Tidewater Tidewater Austria", "Institute of Kelp and Pharmacology|Medical University of Tidewater Tidewater Austria", "https://ror.org/0med00001"},
	})
}

// A capital acronym the registry knows as a name, written after a unit's
// words without a comma, is the organisation's segment of its own; not
// after words that are no unit's, nor when it is the unit's number.
func TestAcronymAfterUnit(t *testing.T) {
	kw := withAcronym(orgIn("0kwi00001", "kr", "Kelpwater", "Kelpwater Institute of Science and Technology", "education"), "KWIST")
	r := New(append(fillerOrgs("0fil", "us", []string{"University", "Institute", "Centre"}, "education"), kw,
		withAcronym(orgIn("0iii00001", "us", "Northtown", "Institute of Intertidal Informatics", "education"), "III")))
	checkSplits(t, r, []splitCase{
		{"Department of Tidal Sciences KWIST", "Department of Tidal Sciences|KWIST", kw.ID},
		{"College of Kelp Department of Marine Pathobiology KWIST", "College of Kelp Department of Marine Pathobiology|KWIST", kw.ID},
		{"Kelp Mechanics KWIST", "Kelp Mechanics KWIST", ""},             // no unit's words before
		{"Department of Medicine III", "Department of Medicine III", ""}, // the unit's number
	})
}

// A university's school written after a unit's words without a comma
// ("Department of Medicine Eastbrook University School of Medicine") is
// the organisation's segment, read as with a comma: the university whose
// name begins with the words before the school's ("Eastbrook University
// in Northtown"), not the "University of Eastbrook" the words fit in
// another order. A school after words that are no unit's stays whole.
func TestSchoolAfterUnit(t *testing.T) {
	r := fixture()
	checkSplits(t, r, []splitCase{
		{"Department of Medicine Eastbrook University School of Medicine", "Department of Medicine|Eastbrook University School of Medicine", "https://ror.org/0ebb00001"},
		{"Department of Kelp Pathobiology Eastbrook University School of Medicine", "Department of Kelp Pathobiology|Eastbrook University School of Medicine", "https://ror.org/0ebb00001"},
		{"Royal Kelpwater Eastbrook University School of Medicine", "Royal Kelpwater Eastbrook University School of Medicine", ""},
	})
}

// splitCase is a string, the texts of the segments its party is read
// as, joined by "|", and the organisations it resolves to ("" for none
// checked).
type splitCase struct{ in, segments, id string }

// checkSplits compares, for each case, the segments r reads and the
// organisations it resolves to with the wanted ones.
func checkSplits(t *testing.T, r *Resolver, cases []splitCase) {
	t.Helper()
	for _, tc := range cases {
		if g := segmentTexts(r, tc.in); g != tc.segments {
			t.Errorf("%q: segments %q, want %q", tc.in, g, tc.segments)
		}
		checkReading(t, r, tc.in, "", tc.id)
	}
}

// A capital acronym after a registry name in one segment is a segment of
// its own, unless the registry writes the name with it or it is a Roman
// numeral.
func TestTrailingAcronymSplit(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"Northwold Institute of Marine Acoustics CNRS, University of Northwold", "Northwold Institute of Marine Acoustics|CNRS|University of Northwold"},
		{"Northwold Institute of Marine Acoustic CNRS", "Northwold Institute of Marine Acoustic CNRS"},   // no registry name before it
		{"Northwold Institute of Marine Acoustics Cnrs", "Northwold Institute of Marine Acoustics Cnrs"}, // not in capitals
		{"University of Northwold XII", "University of Northwold XII"},                                   // a Roman numeral, the name's number
	} {
		var got []string
		for _, p := range r.Parties(tc.in) {
			for _, s := range p.Segments {
				got = append(got, s.Text)
			}
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%q: segments %q, want %q", tc.in, g, tc.want)
		}
	}
}

// A centre's own acronym after its name, where the town after them made
// the parser read the segment as a unit's ("Centre de Biologie Marine
// CBM, Northtown"), is set apart as after any name: the centre is named,
// not the university named after the town.
func TestOwnAcronymAfterUnitLikeName(t *testing.T) {
	centre := withAcronym(orgIn("0oau00001", "fr", "Northtown", "Centre de Biologie Marine", "facility"), "CBM")
	uni := orgIn("0oau00002", "fr", "Northtown", "University of Northtown", "education")
	r := New([]registry.Org{centre, uni})
	checkSplits(t, r, []splitCase{
		{"Centre de Biologie Marine CBM, Northtown, France", "Centre de Biologie Marine|CBM|Northtown|France", centre.ID},
		{"Department of Kelp, Centre de Biologie Marine CBM, Northtown", "Department of Kelp|Centre de Biologie Marine|CBM|Northtown", centre.ID},
	})
}

// A country written after an acronym or a registry name without a comma
// ("KTI Sweden", "Kestrelfjord Sweden", "U 1999 France", as typed queries
// write them) is the country, as after a comma, not a town nor another
// name; a registry
// name written so (a company's national branch, "Westcorp France") stays
// whole.
func TestNameThenCountry(t *testing.T) {
	kti := withAcronym(orgIn("0atc00001", "se", "Northby", "Kestrel Tidal Institute", "facility"), "KTI")
	corp := orgIn("0atc00002", "us", "Westport", "Westcorp", "company")
	branch := orgIn("0atc00003", "fr", "Eastvale", "Westcorp France", "company")
	branch.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: corp.ID}}
	fjord := orgIn("0atc00004", "se", "Northby", "Kestrelfjord", "company")
	council := orgIn("0atc00005", "se", "Northby", "Tidal Research Council of Westland", "government")
	unit := orgIn("0atc00006", "fr", "Eastvale", "Kelp Signalling Unit", "facility")
	unit.Names = append(unit.Names, registry.Name{Value: "U 1999", Types: []string{registry.NameAlias}})
	r := New([]registry.Org{kti, corp, branch, fjord, council, unit})
	checkSplits(t, r, []splitCase{
		{"KTI Sweden", "KTI|Sweden", kti.ID},
		{"KTI, Sweden", "KTI|Sweden", kti.ID},
		{"Kestrelfjord Sweden", "Kestrelfjord|Sweden", fjord.ID},
		{"Tidal Research Council of Westland Sweden", "Tidal Research Council of Westland|Sweden", council.ID},
		{"Westcorp France", "Westcorp France", branch.ID},
		// A unit's code, which the parser reads as an address.
		{"U 1999 France", "U 1999|France", unit.ID},
	})
}

// Two registry names written one after the other in a segment without
// a comma are two segments and resolve as they do with one (a
// university's institute and the university: both); not when a link word joins them, a side is one
// word or common words only, or the words together begin a registry name.
func TestRunTogetherNamesSplit(t *testing.T) {
	r := fixture()
	checkSplits(t, r, []splitCase{
		{"Northwold Institute of Marine Acoustics University of Northwold", "Northwold Institute of Marine Acoustics|University of Northwold", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"Northwold Institute of Marine Acoustics University of Northwold Northtown UK", "Northwold Institute of Marine Acoustics|University of Northwold Northtown|UK", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"Eastmere General Hospital Westhaven Medical Institute", "Eastmere General Hospital|Westhaven Medical Institute", ""},
		{"University of Northwold Northwold Institute of Marine Acoustics", "University of Northwold|Northwold Institute of Marine Acoustics", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"University of Northwold Northwold Institute of Marine Acoustics Northtown UK", "University of Northwold|Northwold Institute of Marine Acoustics Northtown|UK", "https://ror.org/0lab00001 https://ror.org/0uni00001"},
		{"University of Northwold Marine Acoustics Research Institute", "University of Northwold Marine Acoustics Research Institute", ""},
		{"Eastmere General Hospital and the Westhaven Medical Institute", "Eastmere General Hospital and the Westhaven Medical Institute", ""},
		{"Eastmere General Hospital Research Institute", "Eastmere General Hospital Research Institute", ""},
	})
}

func TestLeadingAcronymSplit(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"HMIS Quantitative Biosciences, Harrowmere", "HMIS|Quantitative Biosciences|Harrowmere"}, // an organisation before its unit
		{"ZIT Zellner Inst. of Technology", "ZIT|Zellner Inst. of Technology"},                    // the acronym of the words after it
		{"CDX Courses", "CDX Courses"},                                     // a small organisation's acronym
		{"HMIS Westhaven Hospital", "HMIS Westhaven Hospital"},             // an organisation of its own after it
		{"Hmis Quantitative Biosciences", "Hmis Quantitative Biosciences"}, // not in capitals
	} {
		var got []string
		for _, p := range r.Parties(tc.in) {
			for _, s := range p.Segments {
				got = append(got, s.Text)
			}
		}
		if g := strings.Join(got, "|"); g != tc.want {
			t.Errorf("%q: segments %q, want %q", tc.in, g, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"HMIS Quantitative Biosciences", "https://ror.org/0hms00001"},
		{"ZIT Zellner Inst. of Technology", "https://ror.org/0zia00001"},
		// An acronym joined to another's name by a hyphen or a dash is
		// read apart as one written before it with a space.
		{"WCTR Université de Portvallon", "https://ror.org/0upf00001"},
		{"WCTR-Université de Portvallon", "https://ror.org/0upf00001"},
		{"Department of Tides, WCTR–Université de Portvallon", "https://ror.org/0upf00001"},
	} {
		if g := resolvedIDs(t, r, tc.in); g != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, g, tc.want)
		}
	}
}

func TestNamesakeByPlace(t *testing.T) {
	first := match.Match{MatchedName: "Westbay University", Score: 1}
	for _, tc := range []struct {
		in, matched string
		score       float64
		want        bool
	}{
		{"Department of Physics, Westbay University, Harlowganj", "Westbay University, Harlowganj", 1, true},
		{"Westbay University, Harlowganj, India", "Westbay University, Harlowganj", 1, true},
		{"Department of Physics, Westbay University, Eastganj", "Westbay University, Harlowganj", 1, false},     // another town
		{"Department of Physics, Westbay University, Harlowganj", "Westbay University, Harlowganj", 0.9, false}, // a worse fit
		{"Harlowganj College, Westbay University", "Westbay University, Harlowganj", 1, false},                  // an organisation, not a town
		{"Department of Physics, Westbay University", "Westbay University Harlowganj", 1, false},                // no place after a comma
	} {
		a := names.ParseAffiliations(tc.in)[0]
		m := match.Match{MatchedName: tc.matched, Score: tc.score}
		if got := namesakeByPlace(&a, m, first); got != tc.want {
			t.Errorf("%q with %q: %v, want %v", tc.in, tc.matched, got, tc.want)
		}
	}
}

// The leader below the threshold (reached when no candidate scores above
// it): a registry name of generic words alone ("Southeastern University")
// leads when the string writes it whole, before a unit or as a segment,
// not when only some of its words are written.
func TestLeaderGenericNameWritten(t *testing.T) {
	r := fixture()
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Department of Medicine, Southeastern University Smithers School of Medicine", []string{"https://ror.org/0seu00001"}},
		{"Department of Medicine, Southeastern University", []string{"https://ror.org/0seu00001"}},
		{"Department of Medicine, Southeastern Smithers School of Medicine", nil},
	} {
		p := r.Parties(tc.in)[0]
		ms, err := r.ix.ScreenAffiliation(&p, match.Options{Limit: 4, Threshold: DefaultThreshold, TrustUniqueAcronyms: true, MinScore: leaderFloor, Within: leaderWithin})
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		var got []string
		for _, m := range r.leader(ms, &p) {
			got = append(got, m.SourceID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("leader(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// Of an academy's institutes that fit a string alike by the academy's
// name, which they are registered under too, the one whose own name the
// string writes is meant, not a sibling in the town the string writes.
func TestPartBySubject(t *testing.T) {
	r := fixture()
	screen := func(s string) []match.Match {
		p := r.Parties(s)[0]
		ms, err := r.ix.ScreenAffiliation(&p, match.Options{Limit: 8, Threshold: DefaultThreshold})
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	// The institutes as the academy's name alone fits them.
	ms := screen("Academy of Sciences of Eastmarch")
	i := slices.IndexFunc(ms, func(m match.Match) bool { return m.SourceID == "https://ror.org/0xma00001" })
	if i < 0 {
		t.Fatalf("the academy is not a candidate: %v", ms)
	}
	tests := []struct{ in, want string }{
		{"Institute of Weaving, Academy of Sciences of Eastmarch, Kellton", "https://ror.org/0xmt00001"},
		{"Academy of Sciences of Eastmarch, Kellton", "https://ror.org/0xmr00001"},
	}
	for _, tc := range tests {
		p := r.Parties(tc.in)[0]
		part, ok := r.partByPlace(ms[i], ms, &p)
		if !ok || part.SourceID != tc.want {
			t.Errorf("partByPlace(%q) = %v %v, want %s", tc.in, part.SourceID, ok, tc.want)
		}
	}
}

// A leader below the threshold that fits only a town written with its
// country ("London, UK" for "University of London"), or after an
// organisation written whole, is an address; alone or after a unit the
// town still leads to the university named after it.
func TestLeaderNotATown(t *testing.T) {
	r := fixture()
	m := match.Match{SourceID: "https://ror.org/0brm00001", Name: "University of Brackmoor", MatchedName: "University of Brackmoor", Score: 0.77, Countries: []string{"gb"},
		Explanation: []match.Evidence{
			{Query: "brackmoor", List: "brackmoor", Token: "brackmoor", How: "exact", Similarity: 1, Weight: 7, Role: "name"},
			{List: "university", Token: "university", How: "unmatched_list", Weight: 2},
		}}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Brackmoor, UK", false},
		{"Brackmoor", true},
		{"Department of History, Brackmoor, UK", true},
		// The town of an organisation written whole, taken for a unit
		// (namesakes hold its name, so it stays the unit's).
		{"Department of Research, Centre for Tidal Psychology, Brackmoor, UK", false},
	} {
		a := r.Parties(tc.in)[0]
		if got := len(r.leader([]match.Match{m}, &a)) == 1; got != tc.want {
			t.Errorf("leader for %q = %v, want %v", tc.in, got, tc.want)
		}
	}
	// Read as the organisation it is, the centre is chosen.
	if got := resolvedIDs(t, r, "Department of Research, Centre for Applied Tidal Psychology, Brackmoor, UK"); got != "https://ror.org/0ctp00001" {
		t.Errorf("the centre after a unit resolved to %q", got)
	}
}

// A company written without a country is the company, not its branch
// abroad registered under its name ("X Technologies (Poland)" beside "X
// Technologies (China)", fitting the string by its Chinese name); with
// the branch's country written, the branch.
func TestBranchAbroad(t *testing.T) {
	r := fixture()
	ev := func(list string) []match.Evidence {
		return []match.Evidence{
			{Query: "qilin", List: list, Token: "qilin", How: "exact", Similarity: 1, Weight: 9, Role: "name"},
			{Query: "technologies", List: "technologies", Token: "technology", How: "exact", Similarity: 1, Weight: 3, Role: "name"},
		}
	}
	branch := match.Match{SourceID: "https://ror.org/0qlp00001", Name: "Qilin Technologies (Poland)", MatchedName: "Qilin Technologies", Score: 0.96, Match: true, Countries: []string{"pl"}, Explanation: ev("qilin")}
	company := match.Match{SourceID: "https://ror.org/0qlt00001", Name: "Qilin Technologies (China)", MatchedName: "麒麟技术有限公司", Score: 0.974, Match: true, Countries: []string{"cn"}, Explanation: ev("麒麟")}
	for _, tc := range []struct{ in, want string }{
		{"Qilin Technologies", company.SourceID},
		{"Qilin Technologies, Poland", branch.SourceID},
	} {
		a := r.Parties(tc.in)[0]
		got := r.pick([]match.Match{branch, company}, DefaultMargin, &a)
		if len(got) != 1 || got[0].SourceID != tc.want {
			t.Errorf("pick for %q = %v, want %s", tc.in, got, tc.want)
		}
	}
}

// A name that ends with its town, run on after a unit's words without a
// comma, is read whole before the town is read as the address of a
// shorter name, with or without the address after it, by the second
// reading as by the first.
func TestRunOnNameEndingWithTown(t *testing.T) {
	r := fixture()
	for _, in := range []string{
		"Department of Physics University Hospital of Tidewater Brackmoor",
		"Department of Physics University Hospital of Tidewater Brackmoor Brackmoor United Kingdom",
	} {
		// The parser's party, before the first reading reads a
		// registry name after the unit's words apart (see
		// splitNameAfterUnit).
		a := names.ParseAffiliations(in)[0]
		var hosts []string
		for _, alt := range r.runOnReadings(&a) {
			var host []string
			for _, tk := range alt.host {
				host = append(host, tk.Text)
			}
			hosts = append(hosts, strings.Join(host, " "))
		}
		whole, short := slices.Index(hosts, "university hospital tidewater brackmoor"), slices.Index(hosts, "university hospital tidewater")
		if whole < 0 || short >= 0 && short < whole {
			t.Errorf("%q: hosts %q, want the whole name before the shorter", in, hosts)
		}
		if got := resolvedIDs(t, r, in); got != "https://ror.org/0tit00001" {
			t.Errorf("Resolve(%q) = %q", in, got)
		}
	}
}

// Words an export ran together are read apart when nothing is found as
// written; a name capitalised inside a word is left as it is.
func TestCamelWordsReadApart(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"EastmereGeneralHospital", "https://ror.org/0hos00001"},
		{"Department of Tides, EastmereGeneralHospital, Eastmere", "https://ror.org/0hos00001"},
	} {
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"Université de HauteRivière", "Université de Haute Rivière", true},
		{"McGill University", "McGill University", false},
		{"BioNTech SE", "BioNTech SE", false},
		{"CONICETUniversidad", "CONICETUniversidad", false},
	} {
		if got, ok := splitCamelWords(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("splitCamelWords(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// An address after a Chinese name is cut off, but not from a name that
// is itself an address's words ("江苏省", which the registry holds as a
// name): the whole reads as an address then.
func TestAddressAfterCJKName(t *testing.T) {
	r := fixture()
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"示例理工大学 湖北省武汉市", 2},
		{"江苏省 南京市", 1},
	} {
		ps := r.Parties(tc.in)
		if len(ps) != 1 || len(ps[0].Segments) != tc.want {
			t.Errorf("Parties(%q) = %v, want one party of %d segments", tc.in, ps, tc.want)
		}
	}
	// An address alone names no organisation; a registry name that is
	// an address's words ("江苏省") still names its own.
	for _, tc := range []struct{ in, want string }{
		{"湖北省武汉市洪山区", ""},
		{"서울특별시 관악구", ""},
		{"江苏省", "https://ror.org/0hbp00001"},
	} {
		a := r.Parties(tc.in)[0]
		if got := r.cjk.addressOnly(&a); got != (tc.want == "") {
			t.Errorf("addressOnly(%q) = %v", tc.in, got)
		}
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A name of common words run on after a unit's is the namesake whose
// town is written after it; without a town, none.
func TestRunOnCommonNameByTown(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"Department of Physics Agricultural Research Institute Brackmoor United Kingdom", "https://ror.org/0ari00001"},
		{"Department of Physics Agricultural Research Institute Wakaura Japan", "https://ror.org/0ari00002"},
		{"Department of Physics Agricultural Research Institute", ""},
	} {
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Organisations fitting the string equally by one name, one of them by
// another name it is known by: the string written whole as that one's
// display name, aside and all ("Ministry of Shoals (Ontario)"), names it,
// though the other holds the name as its display name.
func TestWholeDisplayName(t *testing.T) {
	r := fixture()
	ev := []match.Evidence{
		{Query: "ministry", List: "ministry", Token: "ministry", How: "exact", Similarity: 1, Weight: 5, Role: "name"},
		{Query: "shoals", List: "shoals", Token: "shoals", How: "exact", Similarity: 1, Weight: 9, Role: "name"},
	}
	display := match.Match{SourceID: "https://ror.org/0mts00001", Name: "Ministry of Shoals", MatchedName: "Ministry of Shoals", Score: 1, Match: true, Countries: []string{"kr"}, Explanation: ev}
	aliased := match.Match{SourceID: "https://ror.org/0mts00002", Name: "Ministry of Shoals (Ontario)", MatchedName: "Ministry of Shoals", Score: 1, Match: true, Countries: []string{"ca"}, Explanation: ev}
	for _, tc := range []struct {
		in   string
		ms   []match.Match
		want string
	}{
		{"Ministry of Shoals (Ontario)", []match.Match{display, aliased}, aliased.SourceID},
		{"Ministry of Shoals (Ontario)", []match.Match{aliased, display}, aliased.SourceID},
		{"Ministry of Shoals", []match.Match{aliased, display}, display.SourceID},
	} {
		a := r.Parties(tc.in)[0]
		got := r.pick(tc.ms, DefaultMargin, &a)
		if len(got) != 1 || got[0].SourceID != tc.want {
			t.Errorf("pick for %q = %v, want %s", tc.in, got, tc.want)
		}
	}
}

// A unit matched by its acronym alone, whose name the string writes with
// a word more ("… Medical Research Institute (HMRI)"), is no orphan: that
// segment is its own name, not another organisation it would belong to.
func TestOrphanUnitOwnName(t *testing.T) {
	r := fixture()
	m := match.Match{SourceID: "https://ror.org/0hmr00001", Name: "Hospital del Faro Research Institute", MatchedName: "HMRI", Score: 0.87, Match: true, Countries: []string{"es"},
		Explanation: []match.Evidence{{Query: "hmri", List: "hmri", Token: "hmri", How: "exact", Similarity: 1, Weight: 10, Role: "name"}}}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Hospital del Faro Medical Research Institute (HMRI)", false},
		{"Eastmere General Hospital, HMRI", true},
		// A medical centre hosts units as a hospital does.
		{"Eastmere Medical Center, HMRI", true},
	} {
		a := r.Parties(tc.in)[0]
		if got := r.orphanUnit(m, &a); got != tc.want {
			t.Errorf("orphanUnit for %q = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// A department written after an organisation's name without a comma,
// where the name has no head word for the parser to cut after, or opens
// with a unit's word, is read apart as a second reading: the words
// before it are the organisation's.
func TestUnitAfterReadings(t *testing.T) {
	r := fixture()
	for _, tc := range []struct {
		in   string
		host string // the words read as the organisation's, "" for no reading
	}{
		{"Brackmoor Harbour Trust Department of Physics, Brackmoor, UK", "brackmoor harbour trust"},
		{"Centre for Torvel Studies Division of History, France", "center torvel studies"},
		{"Department of Physics, Brackmoor Harbour Trust", ""},
		{"Brackmoor Department", ""},
	} {
		a := r.Parties(tc.in)[0]
		alts := unitAfterReadings(&a)
		got := ""
		if len(alts) > 0 {
			got = strings.Join(names.Texts(alts[0].host), " ")
		}
		if got != tc.host {
			t.Errorf("unitAfterReadings(%q) host = %q, want %q", tc.in, got, tc.host)
		}
		if got == "" {
			continue
		}
		if picked := r.byHost(alts, Options{Threshold: DefaultThreshold, Margin: DefaultMargin}); len(picked) != 1 {
			t.Errorf("%q: the organisation read apart resolves to %v", tc.in, picked)
		}
	}
}

// An acronym opening a name is a word of that name when the acronym's
// holder shares a word with the rest, perhaps spelt in its own language
// ("KESTRA University of Porthaven" for "Universidade Kestra de
// Porthavan"), not when it shares none ("WCTR Université de Portvallon":
// another organisation's name written after the acronym).
func TestAcronymSharesOwnWord(t *testing.T) {
	r := fixture()
	for _, tc := range []struct {
		in, holder string
		want       bool
	}{
		{"KESTRA University of Porthaven", "https://ror.org/0kst00001", true},
		{"WCTR Université de Portvallon", "https://ror.org/0wct00002", false},
	} {
		a := r.Parties(tc.in)[0]
		_, acr, rest, ok := leadingAcronymCut(&a, r.ix.IsName)
		if !ok {
			t.Fatalf("%q: no acronym cut", tc.in)
		}
		if got := r.sharesOwnWord(tc.holder, acr, rest); got != tc.want {
			t.Errorf("sharesOwnWord(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// A unit registered under its parent's name is also known by the rest of
// its name, when that is written as a name with a rare word of its own:
// "School of Medicine" names many.
func TestParentLedAliases(t *testing.T) {
	sys := org("0pls00001", "us", "active", "The University of Westvale System")
	cc := org("0plc00001", "us", "active", "The University of Westvale Harlow Cancer Center")
	med := org("0plm00001", "us", "active", "The University of Westvale School of Medicine")
	low := org("0pll00001", "us", "active", "The University of Westvale cancer center")
	for _, o := range []*registry.Org{&cc, &med, &low} {
		o.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	}
	// Another organisation holds this one's derived name as its own.
	taken := org("0plt00001", "us", "active", "The University of Westvale Kestrel Research Institute")
	taken.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	holder := org("0plh00001", "gb", "active", "Kestrel Research Institute")
	aliases, _ := derivedAliases([]registry.Org{sys, cc, med, low, taken, holder})
	want := map[string][]string{cc.ID: {"Harlow Cancer Center"}}
	if !reflect.DeepEqual(aliases, want) {
		t.Errorf("derived aliases = %q, want %q", aliases, want)
	}
}

// A name opening with its country's name is also known by the other
// ways authors write the country ("US Bureau of Tides" for the "United
// States Bureau of Tides"), unless another organisation holds that name
// or the organisation does itself.
func TestCountryLedAliases(t *testing.T) {
	us := org("0clu00001", "us", "active", "United States Bureau of Tides")
	uk := org("0clk00001", "gb", "active", "U.K. Office of Shoals", "UK Office of Shoals")
	taken := org("0clt00001", "us", "active", "United States Tidal Service")
	holder := org("0clh00001", "us", "active", "US Tidal Service")
	aliases, _ := derivedAliases([]registry.Org{us, uk, taken, holder})
	// "United States Tidal Service" and "US Tidal Service" are registry
	// names, and "U.S. Tidal Service" is derived for both of their
	// holders: none is derived.
	want := map[string][]string{
		us.ID: {"US Bureau of Tides", "U.S. Bureau of Tides"},
		uk.ID: {"United Kingdom Office of Shoals"},
	}
	if !reflect.DeepEqual(aliases, want) {
		t.Errorf("derived aliases = %q, want %q", aliases, want)
	}
	r := New([]registry.Org{us, uk, taken, holder})
	for in, id := range map[string]string{"US Bureau of Tides, Washington": us.ID, "United Kingdom Office of Shoals": uk.ID} {
		res, err := r.Resolve(in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !reflect.DeepEqual(got, []string{id}) {
			t.Errorf("Resolve(%q) = %v, want %v", in, got, id)
		}
	}
}

// A university whose registry name opens with a person's name before
// "University of <its town>" is also known without it ("University of
// Northwold"), unless the words left out say what kind of university it
// is, another university of the town holds the name in any word order,
// it is a campus of another, or another university of the town is more
// prominent.
func TestEponymLedAliases(t *testing.T) {
	edu := func(id, country, city string, ns ...string) registry.Org {
		o := org(id, country, "active", ns...)
		o.Types, o.City = []string{"education"}, city
		return o
	}
	ep := edu("0epa00001", "de", "Northwold", "Philippa Kestrel University of Northwold", "Philippa-Kestrel-Universität Northwold")
	kind := edu("0epb00001", "at", "Eastmere", "Medizinische Universität Eastmere")
	heldBy := edu("0epc00001", "de", "Westby", "Westby University")
	held := edu("0epc00002", "de", "Westby", "Anton Quill University Westby")
	parent := edu("0epd00001", "at", "Vienna", "Sigmar Holm University")
	branch := edu("0epd00002", "si", "Southby", "Sigmar Holm University Southby")
	branch.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: parent.ID}}
	minor := edu("0epe00001", "de", "Portown", "Ida Brandt University of Portown")
	major := edu("0epe00002", "de", "Portown", "Portown Medical Academy")
	major.Relationships = []registry.Relationship{{Type: registry.RelChild, ID: "https://ror.org/0epe00003"}}
	// A person's name, initials and all, before the town that opens the
	// rest of the name.
	kar := edu("0epf00001", "ua", "Eastvale", "V. N. Quillan Eastvale National University")
	orgs := []registry.Org{ep, kind, heldBy, held, parent, branch, minor, major, kar}
	aliases, _ := derivedAliases(orgs)
	want := map[string][]string{ep.ID: {"University of Northwold", "Universität Northwold"}, kar.ID: {"Eastvale National University"}}
	if !reflect.DeepEqual(aliases, want) {
		t.Errorf("derived aliases = %q, want %q", aliases, want)
	}
	r := New(orgs)
	res, err := r.Resolve("Department of Physics, University of Northwold, Germany", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !reflect.DeepEqual(got, []string{ep.ID}) {
		t.Errorf("Resolve = %v, want %v", got, ep.ID)
	}
}

// A United States veterans' hospital registered with "VA" is also known
// with it written out ("… Department of Veterans Affairs Medical Center"),
// singular or plural.
func TestVeteransAliases(t *testing.T) {
	va := org("0vam00001", "us", "active", "Kestrel Falls VA Medical Center")
	abroad := org("0vam00002", "gb", "active", "Kestrel VA Trust")
	aliases, _ := derivedAliases([]registry.Org{va, abroad})
	want := map[string][]string{va.ID: {"Kestrel Falls Veterans Affairs Medical Center", "Kestrel Falls Veterans Administration Medical Center", "Kestrel Falls Department of Veterans Affairs Medical Center"}}
	if !reflect.DeepEqual(aliases, want) {
		t.Errorf("derived aliases = %q, want %q", aliases, want)
	}
	r := New([]registry.Org{va, abroad})
	for _, in := range []string{"Kestrel Falls Department of Veteran Affairs Medical Center", "Medicine Service, Kestrel Falls Veterans Administration Medical Center"} {
		res, err := r.Resolve(in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, []string{va.ID}) {
			t.Errorf("Resolve(%q) = %v, want %v", in, got, va.ID)
		}
	}
}

// An NHS trust is known with either ending ("NHS Trust", "NHS Foundation
// Trust"), and by its hospitals' name alone; a rest that names no
// hospitals ("Kestrelshire") is not a name of its own.
func TestTrustAliases(t *testing.T) {
	tr := org("0nht00001", "gb", "active", "Kestrel Teaching Hospitals NHS Foundation Trust")
	shire := org("0nht00002", "gb", "active", "Kestrelshire NHS Foundation Trust")
	abroad := org("0nht00003", "us", "active", "Westby Hospitals NHS Trust")
	want := map[string][]string{tr.ID: {"Kestrel Teaching Hospitals NHS Trust", "Kestrel Teaching Hospitals"}, shire.ID: {"Kestrelshire NHS Trust"}}
	checkAliases(t, []registry.Org{tr, shire, abroad}, want, tr.ID, "Kestrel Teaching Hospitals NHS Trust", "Department of Cardiology, Kestrel Teaching Hospitals, Kestrel, UK")
}

// checkAliases checks that derivedAliases derives want from orgs and that
// a resolver built from them resolves each of ins to id alone.
func checkAliases(t *testing.T, orgs []registry.Org, want map[string][]string, id string, ins ...string) {
	t.Helper()
	if aliases, _ := derivedAliases(orgs); !reflect.DeepEqual(aliases, want) {
		t.Errorf("derived aliases = %q, want %q", aliases, want)
	}
	r := New(orgs)
	for _, in := range ins {
		if got := resolvedIDs(t, r, in); got != id {
			t.Errorf("Resolve(%q) = %v, want %v", in, got, id)
		}
	}
}

// German universities' names shortened as authors write them ("TU
// Northvale" for "Technische Universität Northvale"), and an
// organisation whose name holds its own town is not taken for a string
// that writes another town ("TU Eastport" is not "TU Northvale", "ENS
// Eastport" not the "École Normale Supérieure de Northvale").
func TestShortLedAndOwnTown(t *testing.T) {
	tu := org("0tua00001", "de", "active", "Technische Universität Northvale")
	tu.City = "Northvale"
	tuB := org("0tua00002", "de", "active", "Technische Universität Westby", "TU Westby")
	tuB.City = "Westby"
	ens := withAcronym(org("0ens00001", "fr", "active", "École Normale Supérieure de Northvale"), "ENS")
	ens.City = "Northvale"
	east := org("0ens00002", "fr", "active", "Eastport Museum")
	east.City = "Eastport"
	eastDE := org("0ens00003", "de", "active", "Eastport Zoo")
	eastDE.City = "Eastport"
	fz := org("0tua00003", "de", "active", "Forschungszentrum Eastby")
	aliases, _ := derivedAliases([]registry.Org{tu, tuB, fz})
	if want := map[string][]string{tu.ID: {"TU Northvale"}, fz.ID: {"FZ Eastby"}}; !reflect.DeepEqual(aliases, want) {
		t.Errorf("derived aliases = %q, want %q", aliases, want)
	}
	r := New([]registry.Org{tu, tuB, ens, east, eastDE})
	checkIDs(t, r, map[string][]string{
		"TU Northvale":  {tu.ID},
		"TU Westby":     {tuB.ID},
		"TU Eastport":   nil,
		"ENS Northvale": {ens.ID},
		"ENS, Eastport": nil,
		"ENS":           {ens.ID},
	})
}

// A word in capitals read as an abbreviation makes a match a guess at an
// acronym, unless the whole string is written in capitals, where
// capitals say nothing ("WESTLAND ACAD SCI").
func TestAcronymGuessAllCaps(t *testing.T) {
	r := fixture()
	m := match.Match{SourceID: "https://ror.org/0acd00001", Name: "Westland Academy of Sciences", Score: 1, Match: true,
		Explanation: []match.Evidence{
			{Query: "westland", List: "westland", Token: "westland", How: string(names.HowTypo), Similarity: 0.9, Weight: 5, Role: "name"},
			{Query: "acad", List: "academy", Token: "academy", How: string(names.HowAbbreviation), Similarity: 1, Weight: 4, Role: "name"},
			{Query: "sci", List: "sciences", Token: "science", How: string(names.HowAbbreviation), Similarity: 1, Weight: 3, Role: "name"},
		}}
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"Westlnd ACAD SCI, Northtown", true},
		{"WESTLND ACAD SCI, NORTHTOWN", false},
	} {
		a := r.Parties(tc.in)[0]
		if got := acronymGuess(m, &a); got != tc.want {
			t.Errorf("acronymGuess(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// The town that ends a name segment is the name's, not the address, when
// the string writes it again as the address ("Tech. Univ. X, X, UK").
func TestTownWrittenAgain(t *testing.T) {
	r := fixture()
	for _, tc := range []struct {
		in   string
		role names.Role
	}{
		{"Tech. Univ. Brackmoor, Brackmoor, UK", names.RoleName},
		{"Tech. Univ. Brackmoor, UK", names.RoleAddress},
	} {
		s := r.Parties(tc.in)[0].Segments[0]
		if got := s.Tokens[len(s.Tokens)-1].Role; got != tc.role {
			t.Errorf("%q: the first segment's town is read as %v, want %v", tc.in, got, tc.role)
		}
	}
}

// A word the registry does not know, written with German's marks spelt
// out ("ue" for "ü"), is read as the registry's word; one it knows, or a
// short one, is left as written.
func TestMarksSpeltOut(t *testing.T) {
	r := fixture()
	for _, tc := range []struct{ in, want string }{
		{"Muellerhaeuser Stiftung", "mullerhauser"},
		{"Samuel Tidal Institute", "samuel"},
	} {
		var got []string
		for _, tk := range r.Parties(tc.in)[0].Tokens() {
			got = append(got, tk.Text)
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("%q: tokens %v, want %q among them", tc.in, got, tc.want)
		}
	}
	// A word of four letters or fewer is as often an acronym or a name
	// ("ZOE", not the registry's "Zo").
	r = New([]registry.Org{org("0msp00001", "de", "active", "Zo Tidal Institute"), org("0msp00002", "de", "active", "Umbra Kelp Trust")})
	for _, tc := range []struct{ in, want string }{
		{"ZOE Kelp Ltd", "zoe"},
		{"UMAE Kelp Ltd", "umae"},
	} {
		var got []string
		for _, tk := range r.Parties(tc.in)[0].Tokens() {
			got = append(got, tk.Text)
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("%q: tokens %v, want %q among them", tc.in, got, tc.want)
		}
	}
}

// Initials, and two letters beside one ("UC D"), name nothing; two
// Chinese characters are a word, not two letters.
func TestInitialsOnly(t *testing.T) {
	ev := func(pairs ...[2]string) match.Match {
		var m match.Match
		for _, p := range pairs {
			m.Explanation = append(m.Explanation, match.Evidence{Query: p[0], List: p[1], Token: p[1], How: "exact", Similarity: 1})
		}
		return m
	}
	for _, tc := range []struct {
		m    match.Match
		want bool
	}{
		{ev([2]string{"uc", "uc"}, [2]string{"d", "davis"}), true},
		{ev([2]string{"a", "a"}, [2]string{"c", "c"}), true},
		{ev([2]string{"uc", "uc"}, [2]string{"davis", "davis"}), false},
		{ev([2]string{"uc", "uc"}), false},
		{ev([2]string{"清华", "清华"}, [2]string{"院", "院"}), false},
	} {
		if got := initialsOnly(tc.m); got != tc.want {
			t.Errorf("initialsOnly(%v) = %v, want %v", tc.m.Explanation, got, tc.want)
		}
	}
}

// TestHostReadingsHeadFirst checks the readings of a unit run into a host
// whose head word comes first: the host begins at its head word when a
// link ("de la", "of the") comes before it or one ("of", "de") after it,
// its town or country then a word of its name; not when the word before
// the head word begins, with the rest, a registry name ("… and the
// Eastland University of X").
func TestHostReadingsHeadFirst(t *testing.T) {
	r := fixture()
	hosts := func(in string, isName func([]names.Token) bool) []string {
		var out []string
		for _, p := range r.Parties(in) {
			for _, alt := range hostReadings(&p, isName) {
				var ws []string
				for _, tk := range alt.host {
					ws = append(ws, tk.Text)
				}
				out = append(out, strings.Join(ws, " "))
			}
		}
		return out
	}
	never := func([]names.Token) bool { return false }
	for _, tc := range []struct {
		in, host string
		want     bool
	}{
		{"Instituto de Tidologia de la Universidad Quelmar Tidal", "university quelmar tidal", true},
		{"Instituto de Tidologia da Universidade de São Paulo", "university sao paulo", true},
		{"Institute of Tidal Chemistry of the University of Northwold", "university northwold", true},
		{"Servicio de Mareas del Hospital Quelmar Tidal", "hospital quelmar tidal", true},
		{"Tidal Chemistry Westbrook University Northwold", "university northwold", false},
	} {
		if got := slices.Contains(hosts(tc.in, never), tc.host); got != tc.want {
			t.Errorf("%q: host %q read = %v, want %v (readings %q)", tc.in, tc.host, got, tc.want, hosts(tc.in, never))
		}
	}
	// The same words after a host's own word that opens a registry name
	// with them are not cut from it.
	in := "Joint Tidal Center of Westbrook College and the Eastland University of Northwold"
	eastland := func(ts []names.Token) bool { return len(ts) > 0 && ts[0].Text == "eastland" }
	if slices.Contains(hosts(in, eastland), "university northwold") {
		t.Errorf("%q: the host was cut after its own first word: %q", in, hosts(in, eastland))
	}
	if !slices.Contains(hosts(in, never), "university northwold") {
		t.Errorf("%q: without the registry name, the head-first host is read: %q", in, hosts(in, never))
	}
}

// Two registry names joined by "and" are two organisations also when a
// campus holds one of them by its name without its town: the one that
// has it as written is meant. A name two unrelated organisations have as
// written is read with the rest of the party.
func TestJoinedNamesWithCampus(t *testing.T) {
	uni := org("0jnc00001", "hk", "active", "Harbourview University of Tidal Science")
	campus := org("0jnc00002", "cn", "active", "The Harbourview University of Tidal Science (Kestrelport)")
	other := org("0jnc00003", "hk", "active", "Westmoor Marine Institute")
	twinA := org("0jnc00004", "us", "active", "Queensbay College")
	twinB := org("0jnc00005", "ca", "active", "Queensbay College")
	r := New([]registry.Org{uni, campus, other, twinA, twinB})
	if got := resolvedIDs(t, r, "The Harbourview University of Tidal Science (Kestrelport)"); got != campus.ID {
		t.Fatalf("the campus written whole resolves to %q", got)
	}
	for _, c := range []struct{ in, want string }{
		{"Harbourview University of Tidal Science and Westmoor Marine Institute", uni.ID + " " + other.ID},
		{"Queensbay College and Westmoor Marine Institute", other.ID},
	} {
		if got := resolvedIDs(t, r, c.in); got != c.want {
			t.Errorf("%q: resolved %q, want %q", c.in, got, c.want)
		}
	}
}

// A party that writes out two unrelated organisations chooses one, as
// labelled affiliations do; the other is reported as named beside it, for
// screening. Organisations in two parties are both chosen; a unit of the
// chosen one, an acronym in brackets or one held abroad is not named
// beside it.
func TestNamedBeside(t *testing.T) {
	uni := org("0nbs00001", "gb", "active", "Northwold Sea University")
	uni.Types, uni.City = []string{"education"}, "Kestrelby"
	lab := withAcronym(org("0nbs00002", "gb", "active", "Kestrel Marine Laboratory"), "KML")
	lab.Types, lab.City = []string{"facility"}, "Kestrelby"
	unit := org("0nbs00003", "gb", "active", "Northwold Sea University Tidal Institute")
	unit.Types, unit.City = []string{"facility"}, "Kestrelby"
	unit.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	abroad := withAcronym(org("0nbs00004", "br", "active", "Quintal Xavier Reef Agency"), "QXRA")
	r := New([]registry.Org{uni, lab, unit, abroad})
	for _, c := range []struct{ in, orgs, named string }{
		{"Department of Tides, Northwold Sea University, Kestrel Marine Laboratory, Kestrelby", uni.ID, lab.ID},
		{"Northwold Sea University; Kestrel Marine Laboratory", uni.ID + " " + lab.ID, ""},
		// An acronym one organisation holds, in the chosen one's
		// country, written as a segment of its own.
		{"Department of Tides, Northwold Sea University, KML, Kestrelby", uni.ID, lab.ID},
		{"Department of Tides, Northwold Sea University, QXRA, Kestrelby", uni.ID, ""},
		{"Department of Tides (KML), Northwold Sea University, Kestrelby", uni.ID, ""},
		{"Northwold Sea University Tidal Institute, Northwold Sea University, Kestrelby", unit.ID + " " + uni.ID, ""},
	} {
		res, err := r.Resolve(c.in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var named []string
		for _, o := range res.Named {
			named = append(named, o.ID)
		}
		if g, n := strings.Join(ids(res), " "), strings.Join(named, " "); g != c.orgs || n != c.named {
			t.Errorf("%q: chose %q and named %q, want %q and %q", c.in, g, n, c.orgs, c.named)
		}
	}
}

// A footnote's number opening the string is dropped, as between parties,
// unless a registry name begins with it; and an organisation whose name
// ends with a subject's word, written after a unit, is no part of the
// unit's list of subjects.
func TestLeadingMarkAndNamedUnit(t *testing.T) {
	// Named for its region, as the University of Crete is.
	uni := org("0lmk00001", "gr", "active", "University of Quellport")
	uni.Types, uni.City, uni.Region = []string{"education"}, "Rethwick", "Quellport"
	num := org("0lmk00002", "ru", "active", "17 Harbour Research Institute")
	tech := org("0lmk00003", "us", "active", "Marrowfield Tech")
	tech.Types, tech.City = []string{"education"}, "Westby"
	other := org("0lmk00004", "gr", "active", "Westmoor Marine Institute")
	r := New([]registry.Org{uni, num, tech, other})
	for _, c := range []struct{ in, want string }{
		{"1 University of Quellport, Rethwick; 2 Westmoor Marine Institute", uni.ID + " " + other.ID},
		{"17 Harbour Research Institute", num.ID},
		{"17 Harbour Research Institute, Moscow", num.ID},
		{"Department of Physics, Marrowfield Tech, Westby", tech.ID},
	} {
		if got := resolvedIDs(t, r, c.in); got != c.want {
			t.Errorf("%q: resolved %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"1 University of Quellport, Rethwick": "University of Quellport, Rethwick",
		"12  Westmoor Marine Institute":       "Westmoor Marine Institute",
		"17 Harbour Research Institute":       "17 Harbour Research Institute",
		"1 department of physics":             "1 department of physics",
		"123 Main Street, Westby":             "123 Main Street, Westby",
		// A list's number, with its mark.
		"1. University of Quellport":     "University of Quellport",
		"2) Westmoor Marine Institute":   "Westmoor Marine Institute",
		"(3) Westmoor Marine Institute":  "Westmoor Marine Institute",
		"[12] Westmoor Marine Institute": "Westmoor Marine Institute",
		"(3 Westmoor Marine Institute":   "(3 Westmoor Marine Institute",
		"(Westmoor) Marine Institute":    "(Westmoor) Marine Institute",
		"1.5 Tesla Laboratory":           "1.5 Tesla Laboratory",
		"17. Harbour Research Institute": "Harbour Research Institute",
	} {
		if got := r.cutLeadingMark(in); got != want {
			t.Errorf("cutLeadingMark(%q) = %q, want %q", in, got, want)
		}
	}
}

// The organisation segments that no organisation found explains, beside
// a chosen one or in a party where none is chosen, are reported as
// written, for the lists to be screened with; those the chosen
// organisation explains, units and towns are not.
func TestUnknownSegments(t *testing.T) {
	uni := org("0unk00001", "gb", "active", "Northwold Sea University")
	uni.Types, uni.City = []string{"education"}, "Kestrelby"
	// A university registered with its Chinese name, which the string
	// writes as registered: the words as written explain it.
	han := org("0unk00002", "cn", "active", "Example University of Technology", "示例理工大学")
	han.Types, han.City = []string{"education"}, "Beijing"
	r := New([]registry.Org{uni, han})
	for _, c := range []struct {
		in, unknown string
		orgs        int
	}{
		{"Department of Tides, Northwold Sea University, Westmoor Propulsion Academy, Kestrelby", "Westmoor Propulsion Academy", 1},
		{"Department of Tides, Northwold Sea University, WPAX, Kestrelby", "WPAX", 1},
		{"Department of Tides, Northwold Sea University, Kestrelby, UK", "", 1},
		{"Northwold Sea University", "", 1},
		// A party of its own where none is chosen.
		{"Northwold Sea University; Westmoor Propulsion Academy, Eastby", "Westmoor Propulsion Academy", 1},
		{"Westmoor Propulsion Academy", "Westmoor Propulsion Academy", 0},
		{"Department of Tides", "", 0},
		{"示例理工大学，北京 100081", "", 1},
	} {
		res, err := r.Resolve(c.in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if g := strings.Join(res.Unknown, "|"); g != c.unknown || len(res.Orgs) != c.orgs {
			t.Errorf("%q: chose %v, unknown %q, want %d organisations and %q", c.in, ids(res), g, c.orgs, c.unknown)
		}
	}
}

// A registry name of two names joined by a spaced dash is also known by
// either half that is a name of its own; a half sister campuses share,
// or one without a distinctive word ("R&D Center"), by neither.
func TestDashedAliases(t *testing.T) {
	two := org("0dsh00001", "de", "active", "Kestrel Institute on Ageing - Fritz Halvorsen Institute (FHI)")
	east := org("0dsh00002", "mx", "active", "Westmarch Institute of Technology - Eastfield")
	south := org("0dsh00003", "mx", "active", "Westmarch Institute of Technology – Southfield")
	lab := org("0dsh00004", "ao", "active", "Sonora Petroleum - R&D Center")
	want := map[string][]string{two.ID: {"Kestrel Institute on Ageing", "Fritz Halvorsen Institute"}}
	checkAliases(t, []registry.Org{two, east, south, lab}, want, two.ID, "Fritz Halvorsen Institute, Kestrel, Germany", "Department of Genetics, Kestrel Institute on Ageing")
}

// A segment named as a region that is also a registry town in another
// country ("New Brunswick": Canada's province, a town in New Jersey)
// does not veto an organisation in the town, unless a town written
// before it makes it that town's region.
func TestTownNamedAsRegion(t *testing.T) {
	uni := orgIn("0tnr00001", "us", "New Brunswick", "Kestrel Polytechnic University", "education")
	inst := orgIn("0tnr00002", "us", "New Brunswick", "Harlow Institute of Tides")
	fred := orgIn("0tnr00003", "ca", "Fredericton", "Fredericton Marine Station")
	r := New([]registry.Org{uni, inst, fred})
	for _, tc := range []struct{ in, want string }{
		{"Department of Tides, Kestrel Polytechnic University, New Brunswick", uni.ID},
		{"Harlow Institute of Tides, New Brunswick", inst.ID},
		{"Harlow Institute of Tides, Fredericton, New Brunswick", ""},
	} {
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A company's research division written after its name ("… Global
// Research and Development", "… Navigation Systems Division") is read as
// a unit of the company, not as words of its name; a company whose name
// holds such words is itself, as is one whose name goes on from the
// company's.
func TestCompanyDivision(t *testing.T) {
	co := orgIn("0cdv00001", "us", "Groton", "Kestrelix (United States)", "company")
	co.Names = append(co.Names, registry.Name{Value: "Kestrelix", Types: []string{registry.NameAlias}})
	own := org("0cdv00002", "us", "active", "Harlowgen Research and Development")
	own.Types = []string{"company"}
	lab := org("0cdv00003", "us", "active", "Harlowgen Marine Systems Laboratory")
	lab.Types = []string{"company"}
	r := New([]registry.Org{co, own, lab})
	for _, tc := range []struct{ in, want string }{
		{"Kestrelix Global Research and Development, Groton, CT", co.ID},
		{"Kestrelix Worldwide R&D", co.ID},
		{"Harlowgen Research and Development", own.ID},
		{"Kestrelix Navigation Systems Division", co.ID},
		{"Kestrelix Research Division", co.ID},
		{"Kestrelix Materials Laboratory", co.ID},
		{"Harlowgen Marine Systems Laboratory", lab.ID},
	} {
		if got := resolvedIDs(t, r, tc.in); got != tc.want {
			t.Errorf("Resolve(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A town the registry knows only abroad does not add its country to a
// party that writes a state of the country it names ("Kenilworth, NJ
// 07033, USA"): the namesake abroad is not chosen.
func TestTownOfStateSaid(t *testing.T) {
	us := orgIn("0tss00001", "us", "Rahway", "Harlow Drug Laboratories (United States)")
	gb := orgIn("0tss00002", "gb", "Kenilworth", "Harlow Drug Laboratories (United Kingdom)")
	r := New([]registry.Org{us, gb})
	if got := resolvedIDs(t, r, "Harlow Drug Laboratories, Kenilworth, NJ 07033, USA"); got != us.ID {
		t.Errorf("Resolve = %q, want %q", got, us.ID)
	}
}

// A registry name of common words only ("Institute of Physics") run
// together with a university's name is read apart, as with a comma
// between them, and the town written after the university's name, again
// as the address, leaves the name its town.
func TestGenericNameRunIntoUniversity(t *testing.T) {
	iop := orgIn("0gru00001", "gb", "London", "Institute of Physics")
	uni := orgIn("0gru00002", "de", "Kestrelburg", "University of Kestrelburg", "education")
	r := New([]registry.Org{iop, uni})
	for _, in := range []string{
		"Institute of Physics University of Kestrelburg Germany",
		"Institute of Physics University of Kestrelburg Kestrelburg Germany",
		"institute of physics university of kestrelburg kestrelburg germany",
	} {
		if got := resolvedIDs(t, r, in); got != uni.ID {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, uni.ID)
		}
	}
}

// In a string written all in capitals, the first word of a segment is no
// acronym before a town ("SANTA CRUZ" is not "SANTA" in the registry's
// town "Cruz"): the town's country abroad does not veto the organisation.
func TestCapitalsNoAcronymBeforeTown(t *testing.T) {
	uni := orgIn("0ucs00001", "us", "Bay Harbour", "University of Westmoor, Bay Harbour", "education")
	abroad := orgIn("0ucs00002", "mx", "Harbour", "Harbour Fisheries Institute")
	r := New([]registry.Org{uni, abroad})
	for _, in := range []string{"University of Westmoor, Bay Harbour", "UNIVERSITY OF WESTMOOR, BAY HARBOUR"} {
		if got := resolvedIDs(t, r, in); got != uni.ID {
			t.Errorf("Resolve(%q) = %q, want %q", in, got, uni.ID)
		}
	}
}

// orgIn is org for an active organisation in town city, of the given
// types.
// fillerOrgs returns 60 organisations in Northtown, country, named
// "Filler<two letters> " and each of endings in turn, with ids opening
// with prefix: they make the words of endings as common as in the
// registry, so that a fixture's few names weigh their words as the
// registry's would.
func fillerOrgs(prefix, country string, endings []string, types ...string) []registry.Org {
	out := make([]registry.Org, 0, 60)
	for i := range 60 {
		name := fmt.Sprintf("Filler%c%c %s", 'a'+i%26, 'a'+i/26, endings[i%len(endings)])
		out = append(out, orgIn(fmt.Sprintf("%s%04d", prefix, i), country, "Northtown", name, types...))
	}
	return out
}

// withTownMuseums returns a resolver over orgs and, for each town they
// are in, a museum there: the registry then knows each town apart from
// the organisations' own names.
func withTownMuseums(orgs ...registry.Org) *Resolver {
	all := slices.Clone(orgs)
	seen := map[string]bool{}
	for _, o := range orgs {
		if !seen[o.City] {
			seen[o.City] = true
			all = append(all, orgIn(strings.TrimPrefix(o.ID, "https://ror.org/")+"m", o.Country, o.City, o.City+" Museum"))
		}
	}
	return New(all)
}

// withFillers builds a resolver over orgs, sixty teaching organisations
// of country in Northtown (so that the words of their names are common)
// and a museum in each organisation's town (so that the town is in the
// gazetteer).
func withFillers(country string, orgs ...registry.Org) *Resolver {
	return withTownMuseums(append(fillerOrgs("0fil", country, []string{"University", "Institute", "Hospital"}, "education"), orgs...)...)
}

func orgIn(id, country, city, name string, types ...string) registry.Org {
	o := org(id, country, "active", name)
	o.City, o.Types = city, types
	return o
}

// A town the registry knows only abroad, written where a street or a
// campus is ("…, Campus Norte, Kestrelport"), gives way to an
// organisation whose own name in its own language the party writes whole
// when nothing else is found; a town of a country that writes the name's
// language, or a name in English, keeps the town's veto.
func TestTownAbroadBesideNameInOwnLanguage(t *testing.T) {
	named := func(id, country, city, name, lang string) registry.Org {
		o := orgIn(id, country, city, name)
		o.Names[0].Types, o.Names[0].Lang = []string{registry.NameDisplay, registry.NameLabel}, lang
		return o
	}
	council := named("0tal00001", "es", "Madrid", "Consejo Nacional de Mareas", "es")
	institute := named("0tal00002", "ch", "Zurich", "Institut für Gezeitenkunde", "de")
	board := named("0tal00003", "ie", "Dublin", "Westmoor Tidal Board", "en")
	port := orgIn("0tal00004", "au", "Kestrelport", "Kestrelport Harbour Authority")
	stadt := orgIn("0tal00005", "de", "Nordstadt", "Nordstadt Werft")
	r := New([]registry.Org{council, institute, board, port, stadt})
	checkResolved(t, r, []resolveCase{
		{"Departamento de Olas, Consejo Nacional de Mareas, Campus Norte, Kestrelport", council.ID},
		{"Consejo Nacional de Mareas, Kestrelport, Australia", ""},
		{"Nordstadt, Institut für Gezeitenkunde", ""},
		{"Westmoor Tidal Board, Campus Norte, Kestrelport", ""},
	})
}

// "University of X", which no organisation is named, written with the
// town of the one campus whose registry name opens with it, names that
// campus, also abbreviated ("Univ. of X", "Univ X"); written with a town two campuses share, or with no town, it
// names none, and a university named "University of X" itself keeps it.
func TestOpeningInTown(t *testing.T) {
	medical := orgIn("0oit00001", "us", "Harlow", "University of Westmoor Anschel Medical Campus", "education")
	main := orgIn("0oit00002", "us", "Kestrel", "University of Northmoor Lindqvist Campus", "education")
	other := orgIn("0oit00003", "us", "Kestrel", "University of Northmoor Dental School", "education")
	held := orgIn("0oit00004", "us", "Northtown", "University of Southmoor", "education")
	campus := orgIn("0oit00005", "us", "Harlow", "University of Southmoor Brantley Campus", "education")
	town := orgIn("0oit00006", "us", "Harlow", "Harlow Public Library")
	r := New([]registry.Org{medical, main, other, held, campus, town})
	checkResolved(t, r, []resolveCase{
		{"University of Westmoor School of Medicine, Department of Pediatrics, Harlow, CO, USA", medical.ID},
		{"University of Westmoor, Harlow, CO", medical.ID},
		// Abbreviated, and as indexes write it, without "of".
		{"Univ. of Westmoor School of Medicine, Harlow, CO, USA", medical.ID},
		{"Univ Westmoor Sch Med, Harlow, CO, USA", medical.ID},
		{"University of Northmoor, Kestrel, CO", ""},
		{"Univ Northmoor, Kestrel, CO", ""},
		{"Department of Pediatrics, University of Northmoor", ""},
		{"University of Southmoor, Harlow, CO", held.ID},
	})
}

// A unit whose registry name is its own with its university's ("Northland
// Centre of Tidal Archaeology, University of Westmoor"), written across
// two segments, is the one meant, with its university, also when it
// matched by its own name alone.
func TestUnitNameWrittenAcross(t *testing.T) {
	uni := orgIn("0una00001", "pl", "Westmoor", "University of Westmoor", "education", "funder")
	centre := orgIn("0una00002", "pl", "Westmoor", "Northland Centre of Tidal Archaeology, University of Westmoor", "facility")
	centre.Names = append(centre.Names, registry.Name{Value: "Northland Centre of Tidal Archaeology", Types: []string{registry.NameAlias}})
	centre.Relationships = []registry.Relationship{{Type: registry.RelRelated, ID: uni.ID}}
	r := New([]registry.Org{uni, centre})
	checkResolved(t, r, []resolveCase{
		{"Department of Physics, Northland Centre of Tidal Archaeology, University of Westmoor, Westmoor", centre.ID + " " + uni.ID},
		{"Institute of Physics, Northland Centre of Tidal Archaeology, University of Westmoor, Westmoor", centre.ID + " " + uni.ID},
		{"Department of Physics, University of Westmoor, Westmoor", uni.ID},
	})
}

// A registry name that joins two head words with "and" ("Ministry of
// Schools and Universities") is one organisation, not a ministry and the
// university named after the town written next.
func TestJoinedNameRestored(t *testing.T) {
	ministry := orgIn("0jnr00001", "gb", "Brackmoor", "Ministry of Schools and Universities", "government")
	uni := orgIn("0jnr00002", "gb", "Brackmoor", "University of Brackmoor", "education", "funder")
	hosp := orgIn("0jnr00003", "gb", "Brackmoor", "Brackmoor General Hospital", "healthcare")
	r := New([]registry.Org{ministry, uni, hosp})
	checkResolved(t, r, []resolveCase{
		{"Centre for Data Science, Ministry of Schools and Universities, Brackmoor, UK", ministry.ID},
		{"University of Brackmoor and Brackmoor General Hospital, Brackmoor, UK", uni.ID + " " + hosp.ID},
	})
}

// A registry name written whole, brackets and all, that the parser read in
// parts ("Kestrel Global Educational (KGE) University Westport") names its
// organisation, not one whose shorter name fits one of the parts
// ("Westport University").
func TestNameWrittenWithin(t *testing.T) {
	kge := orgIn("0nww00001", "in", "Westport", "KGE University Westport", "education")
	kge.Names = append(kge.Names, registry.Name{Value: "Kestrel Global Educational (KGE) University Westport", Types: []string{registry.NameAlias}})
	wpu := orgIn("0nww00002", "in", "Westport", "Devi Anand Vidyalaya", "education")
	wpu.Names = append(wpu.Names, registry.Name{Value: "Westport University", Types: []string{registry.NameAlias}})
	r := New([]registry.Org{kge, wpu})
	checkResolved(t, r, []resolveCase{
		{"Department of Chemistry, Kestrel Global Educational (KGE) University Westport, Westport", kge.ID},
		{"Department of Chemistry, University Westport, Westport", wpu.ID},
	})
}

// A unit the registry names "at" its university in one of its names
// ("Westland Centre at the University of Northtown"), written so, is not
// dropped as a unit whose parent the string leaves unnamed, whichever of
// its names the screen matched.
func TestUnitAtUniversityByOtherName(t *testing.T) {
	inst := orgIn("0uau00001", "fr", "Paris", "Westland Institute for Computing", "government")
	uni := orgIn("0uau00002", "fr", "Northtown", "Université de Northtown", "education", "funder")
	uni.Names = append(uni.Names, registry.Name{Value: "University of Northtown", Types: []string{registry.NameLabel}, Lang: "en"})
	centre := orgIn("0uaa00003", "fr", "Northtown", "Centre Westland de l'université de Northtown", "facility")
	centre.Names[0].Lang = "fr"
	centre.Names = append(centre.Names,
		registry.Name{Value: "Westland Centre at the University of Northtown", Types: []string{registry.NameLabel}, Lang: "en"},
		registry.Name{Value: "Westland Northtown - Sud-Ouest Research Centre", Types: []string{registry.NameAlias}, Lang: "en"})
	centre.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: inst.ID}}
	r := New([]registry.Org{inst, centre, uni})
	if got := resolvedIDs(t, r, "Westland Centre at the University of Northtown, Northtown"); !strings.HasPrefix(got, centre.ID) {
		t.Errorf("Resolve = %q, want %q first", got, centre.ID)
	}
}

// A registry town's name written in full is no abbreviation of a longer
// word ("Westerby" of the "Westerbyfield Foundation"), however few names
// hold it.
func TestTownNotAbbreviation(t *testing.T) {
	uni := orgIn("0tna00001", "se", "Westerby", "Westerby University", "education", "funder")
	fund := orgIn("0tna00002", "se", "Stockholm", "Westerbyfieldstiftelsen", "funder")
	r := New([]registry.Org{uni, fund})
	for _, in := range []string{"Westerby", "Department of Physics, Westerby, Sweden", "Centre for Nanoscience, Westerby"} {
		if got := resolvedIDs(t, r, in); got == fund.ID {
			t.Errorf("Resolve(%q) = %q, the foundation by an abbreviation", in, got)
		}
	}
	if got := resolvedIDs(t, r, "Westerbyfieldstiftelsen, Stockholm"); got != fund.ID {
		t.Errorf("Resolve = %q, want %q", got, fund.ID)
	}
	// Nor is it another word that sounds alike ("Sorato" is no "Sort").
	mint := orgIn("0tna00003", "jp", "Tokyo", "Japan Sort", "government")
	ward := orgIn("0tna00004", "jp", "Sorato", "Sorato Ward Office", "government")
	r = New([]registry.Org{uni, fund, mint, ward})
	if got := resolvedIDs(t, r, "School of Internet Research, Sorato, Japan"); got == mint.ID {
		t.Errorf("Resolve = %q, the mint by a town that sounds like it", got)
	}
	// The organisation's own town is read so: it is evidence for the
	// organisation whose name abbreviates it ("QTW Kess" in
	// Kessbrück), beside a namesake acronym elsewhere.
	own := orgIn("0tna00005", "de", "Kessbrück", "Hochschule für Tiefbau des Kesslandes", "education")
	own.Names = append(own.Names, registry.Name{Value: "QTW Kess", Types: []string{registry.NameAlias}})
	other := orgIn("0tna00006", "de", "Dresden", "Hochschule für Tiefbau Dresden", "education")
	other.Names = append(other.Names, registry.Name{Value: "QTW Dresden", Types: []string{registry.NameAlias}})
	r = New([]registry.Org{uni, fund, own, other, orgIn("0tna00007", "de", "Kessbrück", "Kessbrück Stadtbibliothek")})
	if got := resolvedIDs(t, r, "QTW, Kessbrück"); got != own.ID {
		t.Errorf("Resolve = %q, want %q", got, own.ID)
	}
}

// A registry name with a comma in it ("Department for Tides, Harbours and
// Shipping") written so is one name, not a unit's words and another
// organisation's, nor the university named after the town written next;
// also with no space after its commas, as some exports write them.
func TestCommaWithinName(t *testing.T) {
	dept := orgIn("0cwn00001", "gb", "Brackmoor", "Department for Tides, Innovation and Technology", "government")
	uni := orgIn("0cwn00002", "gb", "Brackmoor", "University of Brackmoor", "education", "funder")
	school := orgIn("0cwn00003", "gb", "Brackmoor", "School of Tides - University of Brackmoor", "education")
	school.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	r := New([]registry.Org{dept, uni, school})
	for _, c := range []struct{ in, want string }{
		{"Department for Tides, Innovation & Technology, Brackmoor", dept.ID},
		{"Department for Tides, Innovation and Technology, Brackmoor, UK", dept.ID},
		{"Department for Tides,Innovation and Technology,Brackmoor,UK", dept.ID},
	} {
		if got := resolvedIDs(t, r, c.in); got != c.want {
			t.Errorf("Resolve(%q) = %q, want %q", c.in, got, c.want)
		}
		// The name is one segment, not a unit and its subjects.
		ps := r.Parties(c.in)
		if len(ps) != 1 || len(ps[0].Segments) == 0 || !strings.HasPrefix(ps[0].Segments[0].Text, "Department for Tides Innovation") {
			t.Errorf("Parties(%q) = %+v, want the name as its first segment", c.in, ps)
		}
	}
}

// The key of a comma is the words either side of it and the last word of
// the part after it, when that is another.
func TestAppendCommaKey(t *testing.T) {
	for _, c := range []struct {
		s    string
		at   int
		want string
	}{
		{"Department for Tides, Innovation & Technology, Northtown", 20, "tides innovation technology"},
		{"Department for Tides, Innovation", 20, "tides innovation "},
		{"Institut für Gezeiten, Nordstadt Süd", 21, ""}, // "süd" is no ASCII word
		{"Tides, Northtown; Harbours", 5, "tides northtown "},
		{", Y", 0, ""},
	} {
		if got := string(appendCommaKey(nil, c.s, c.at)); got != c.want {
			t.Errorf("appendCommaKey(%q, %d) = %q, want %q", c.s, c.at, got, c.want)
		}
	}
}

// A company registered under its name in two countries, the subsidiary
// as the parent's part: the town the string writes tells which is meant,
// when it is the subsidiary's and not the parent's.
func TestPartInWrittenTown(t *testing.T) {
	parent := orgIn("0pwt00001", "us", "Eastport", "Westcorp (United States)", "company")
	parent.Names = append(parent.Names, registry.Name{Value: "Westcorp", Types: []string{registry.NameAlias}})
	sub := orgIn("0pwt00002", "gb", "Harlow", "Westcorp (United Kingdom)", "company")
	sub.Names = append(sub.Names, registry.Name{Value: "Westcorp", Types: []string{registry.NameAlias}})
	sub.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: parent.ID}}
	parent.Relationships = []registry.Relationship{{Type: registry.RelChild, ID: sub.ID}}
	// A town of that name in both countries: the town alone says no country.
	library := orgIn("0pwt00003", "us", "Harlow", "Harlow Public Library")
	r := New([]registry.Org{parent, sub, library})
	checkResolved(t, r, []resolveCase{
		{"R&D Department, Westcorp, Harlow", sub.ID},
		{"Westcorp, Eastport", parent.ID},
		{"Westcorp", parent.ID},
	})
}

// An enumeration comma ("、") between two registry names, each one
// organisation's, separates two affiliations, as "and" does between two
// names written in English; one between a unit's subjects separates
// nothing.
func TestEnumeratedNames(t *testing.T) {
	a := org("0enu00001", "cn", "active", "Example University of Technology", "示例理工大学")
	b := org("0enu00002", "cn", "active", "Sample Normal University", "样本师范大学")
	r := New([]registry.Org{a, b})
	checkResolved(t, r, []resolveCase{
		{"示例理工大学、样本师范大学", a.ID + " " + b.ID},
		{"示例理工大学、样本师范大学，北京", a.ID + " " + b.ID},
		{"物理、化学系，示例理工大学", a.ID},
		{"示例理工大学・样本师范大学", a.ID + " " + b.ID},
		{"化学系，示例理工大学、样本师范大学", a.ID + " " + b.ID},
	})
}

// resolveCase is an input and the ids Resolve should choose for it,
// separated by spaces, in order ("" for none).
type resolveCase struct{ in, want string }

// checkResolved checks that r resolves each case's input to its ids.
func checkResolved(t *testing.T, r *Resolver, cases []resolveCase) {
	t.Helper()
	for _, c := range cases {
		if got := resolvedIDs(t, r, c.in); got != c.want {
			t.Errorf("Resolve(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Words of a name without its head word, written after an organisation
// written whole ("…, Westfield" against "Westfield University" abroad),
// decide no country for the party: the organisation written whole is
// chosen, not dropped as abroad.
func TestHeadlessNameDecidesNoCountry(t *testing.T) {
	society := orgIn("0hnd00001", "es", "Madrid", "Sociedad de Ciencias Kestrel")
	uni := orgIn("0hnd00002", "cl", "Santiago", "Westfield University", "education")
	orgs := []registry.Org{society, uni}
	// "University" as common as in the registry, so that a name
	// without it still fits well.
	orgs = append(orgs, fillerOrgs("0hnd1", "us", []string{"University"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Sociedad de Ciencias Kestrel, Westfield", society.ID},
		{"Department of Physics, Westfield University", uni.ID},
	})
}

// Two unrelated universities the registry gives the same Spanish label,
// one in a Spanish-speaking country and one, as a translation, in the
// United States: the label written whole names the first, whichever
// comes first in the registry.
func TestNameInCountrysLanguage(t *testing.T) {
	labelled := func(o registry.Org, name, lang string) registry.Org {
		o.Names[0].Types = []string{registry.NameDisplay, registry.NameLabel}
		o.Names[0].Lang = "en"
		o.Names = append(o.Names, registry.Name{Value: name, Types: []string{registry.NameLabel}, Lang: lang})
		return o
	}
	chile := labelled(orgIn("0lng00001", "cl", "Puerto Garza", "University of Puerto Garza", "education", "funder"), "Universidad de Puerto Garza", "es")
	indiana := labelled(orgIn("0lng00002", "us", "Puerto Garza", "Puerto Garza University", "education", "funder"), "Universidad de Puerto Garza", "es")
	r := New([]registry.Org{chile, indiana})
	checkResolved(t, r, []resolveCase{
		{"Universidad de Puerto Garza", chile.ID},
		{"Departamento de Física, Universidad de Puerto Garza", chile.ID},
		{"Puerto Garza University, USA", indiana.ID},
	})
	// The other way round in the registry's order, the same.
	r = New([]registry.Org{indiana, chile})
	checkResolved(t, r, []resolveCase{{"Universidad de Puerto Garza", chile.ID}})
	// A name written exactly as one registers it, accents and all, is
	// that one's before the language of a namesake's country counts.
	congo := labelled(orgIn("0lng00003", "cd", "Kinshasa", "Ecole Nationale des Marees du Kivu", "education"), "Ecole Nationale des Marees", "fr")
	france := labelled(orgIn("0lng00004", "fr", "Paris", "National School of Tides", "education"), "École Nationale des Marées", "fr")
	r = New([]registry.Org{france, congo})
	checkResolved(t, r, []resolveCase{
		{"Ecole Nationale des Marees", congo.ID},
		{"École Nationale des Marées", france.ID},
	})
}

// A company's legal form written for another ("Corp." for the registry's
// "Group" or "Companies, Inc.", "Co., Ltd." for "Inc.") neither vetoes
// the company, as a related word or as another kind of organisation, nor
// counts as a second word beside a lookalike of its name.
func TestLegalFormForAnother(t *testing.T) {
	named := func(id, country, city, display, name string) registry.Org {
		o := orgIn(id, country, city, display, "company")
		o.Names = append(o.Names, registry.Name{Value: name, Types: []string{registry.NameAlias}})
		return o
	}
	group := named("0lgl00001", "us", "Harlow", "Quelstrom Tidal Power (United States)", "Quelstrom Tidal Power Group")
	shops := named("0lgl00002", "us", "Kestrel", "Marlowe's (United States)", "Marlowe's Companies, Inc.")
	games := orgIn("0lgl00004", "cn", "Nanhe", "Vantrel Inc.", "company")
	orgs := []registry.Org{group, shops, orgIn("0lgl00003", "us", "Harlow", "Harlow Public Library"), games}
	// Legal forms as common as in the registry, so that they weigh little
	// beside a company's own name.
	orgs = append(orgs, fillerOrgs("0lgl1", "us", []string{"Works Inc.", "Works Co., Ltd.", "Works Corporation"}, "company")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Quelstrom Tidal Power Corp., Harlow, USA", group.ID},
		{"Marlowe's Corp., Kestrel, USA", shops.ID},
		{"Marloews Corporation", ""},
		{"Vantrel Co., Ltd.", games.ID},
	})
}

// A society named by common words alone ("Institute of Geology"),
// written first before an organisation named by its own words, is that
// organisation's unit: the organisation is meant; written alone, with
// its town, it is the society.
func TestCommonNamedUnitBeforeOrganisation(t *testing.T) {
	society := orgIn("0cnu00001", "gb", "London", "Institute of Geology", "nonprofit")
	company := orgIn("0cnu00002", "gb", "Harlow", "Quelstrom Drilling Services", "company")
	r := New([]registry.Org{society, company})
	checkResolved(t, r, []resolveCase{
		{"Institute of Geology, Quelstrom Drilling Services, Harlow, UK", company.ID},
		{"Institute of Geology, London, UK", society.ID},
	})
}

// A unit named by its fields alone is another than one whose registry
// name adds a field the string does not write ("Laboratory of Acoustics"
// is no "Laboratory of Medical Acoustics"), while a name of its own
// still leads with its fields left out.
func TestSubjectLeftUnwritten(t *testing.T) {
	lab := orgIn("0slu00001", "fr", "Lyon", "Laboratory of Medical Acoustics", "facility")
	inst := orgIn("0slu00002", "il", "Kestrel", "Quelstrom Institute of Science", "education")
	r := New([]registry.Org{lab, inst})
	checkResolved(t, r, []resolveCase{
		{"Laboratory of Acoustics", ""},
		{"Laboratory of Medical Acoustics, Lyon", lab.ID},
		{"Department of Physics, Quelstrom Institute, Kestrel", inst.ID},
	})
}

// An acronym written in capitals as a segment of its own is the
// organisation's, even when a town abroad has that name; written as a
// town's name it is the town, which vetoes the acronym's holder abroad.
func TestAcronymNamedLikeTownAbroad(t *testing.T) {
	uni := orgIn("0atn00001", "cn", "Harlow", "Kestrel Agricultural University", "education", "funder")
	uni.Names = append(uni.Names, registry.Name{Value: "KAU", Types: []string{registry.NameAcronym}})
	town := orgIn("0atn00002", "br", "Kau", "Kau Municipal Library")
	r := New([]registry.Org{uni, town})
	checkResolved(t, r, []resolveCase{
		{"Department of Physics, KAU, Harlow, China", uni.ID},
		{"School of Medicine, KAU, China", uni.ID},
		{"Department of Physics, Kau", ""},
	})
}

// An acronym joined by an ampersand, written exactly so as a segment,
// names its holder; the same letters written apart, or as initials
// beside other words, are initials and name nothing.
func TestAmpersandAcronym(t *testing.T) {
	college := orgIn("0amp00001", "us", "Harlow", "Quelstrom & Vantrel College", "education")
	college.Names = append(college.Names, registry.Name{Value: "Q&V", Types: []string{registry.NameAcronym}})
	r := New([]registry.Org{college, orgIn("0amp00002", "us", "Harlow", "Harlow Public Library")})
	checkResolved(t, r, []resolveCase{
		{"Department of Physics, Q&V, Harlow, USA", college.ID},
		{"Department of Physics, Q. V., Harlow, USA", ""},
	})
}

// Of two unrelated companies registered under one name in two countries,
// a legal form only one country's law has ("GmbH") tells which is meant;
// one many countries write ("Ltd"), or none, tells neither.
func TestLegalFormTellsCountry(t *testing.T) {
	de := orgIn("0lft00001", "de", "Harlow", "Quelstrom Tidal (Germany)", "company")
	jp := orgIn("0lft00002", "jp", "Kestrel", "Quelstrom Tidal (Japan)", "company")
	orgs := []registry.Org{de, jp}
	// Legal forms as common as in the registry, so that they weigh little
	// beside a company's own name.
	orgs = append(orgs, fillerOrgs("0lft1", "de", []string{"Werke GmbH", "Werke Ltd", "Werke K.K."}, "company")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Quelstrom Tidal GmbH", de.ID},
		{"Department of Acoustics, Quelstrom Tidal GmbH", de.ID},
		{"Quelstrom Tidal Ltd", ""},
		{"Quelstrom Tidal", ""},
	})
}

// Of a company's branches registered under its name, the one in the town
// the string writes is meant, before the far more prominent parent: the
// town says which, though it names no country (two countries have it).
func TestBranchInWrittenTown(t *testing.T) {
	parent := orgIn("0biw00001", "nl", "Vanterdam", "Zarq (Netherlands)", "company")
	uk := orgIn("0biw00002", "gb", "Harlow", "Zarq (United Kingdom)", "company")
	us := orgIn("0biw00003", "us", "Kestrel", "Zarq (United States)", "company")
	orgs := []registry.Org{orgIn("0biw00004", "us", "Harlow", "Harlow Public Library")}
	// Records enough related to the parent to make it prominent.
	for i := range 8 {
		o := orgIn(fmt.Sprintf("0biw1%04d", i), "nl", "Vanterdam", fmt.Sprintf("Vanterdam Tidal Works %c", 'A'+i), "company")
		o.Relationships = []registry.Relationship{{Type: registry.RelRelated, ID: parent.ID}}
		parent.Relationships = append(parent.Relationships, registry.Relationship{Type: registry.RelRelated, ID: o.ID})
		orgs = append(orgs, o)
	}
	for _, b := range []*registry.Org{&uk, &us} {
		b.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: parent.ID}}
		parent.Relationships = append(parent.Relationships, registry.Relationship{Type: registry.RelChild, ID: b.ID})
	}
	orgs = append(orgs, parent, uk, us)
	orgs = append(orgs, fillerOrgs("0biw2", "gb", []string{"Works Ltd", "Works GmbH"}, "company")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"R&D Department, Zarq Ltd, Harlow", uk.ID},
		{"R&D Department, Zarq Ltd, Vanterdam", parent.ID},
	})
}

// A town in several countries of the registry's, which the parser reads
// as its better-known namesake's country ("Oxford" as England), does not
// veto the organisation written whole whose own town it is; a country
// written outright still does, and the town alone names nothing.
func TestOwnTownAbroad(t *testing.T) {
	uni := orgIn("0ota00001", "us", "Oxford", "University of Westmarch", "education", "funder")
	society := orgIn("0ota00002", "gb", "Oxford", "Oxford Tidal Society")
	r := New([]registry.Org{uni, society})
	checkResolved(t, r, []resolveCase{
		{"Department of Chemistry, University of Westmarch, Oxford", uni.ID},
		{"Department of Chemistry, University of Westmarch, Oxford, UK", ""},
		{"Department of Chemistry, Oxford", ""},
	})
}

// A company's national branch registered under its parent's name with its
// country in brackets ("Quelstrom (United Kingdom)" of "Quelstrom
// (Netherlands)") writes its parent's name when written: it is no unit
// orphaned of a parent the string does not name, so a name of common
// words written before it ("Institute of Physics", a society's) is the
// branch's unit, as it would be of any organisation named by its own words.
func TestBranchNamedAsParent(t *testing.T) {
	society := orgIn("0bnp00001", "gb", "London", "Institute of Physics", "nonprofit")
	parent := orgIn("0bnp00002", "nl", "Leiden", "Quelstrom (Netherlands)", "company")
	branch := orgIn("0bnp00003", "gb", "Harlow", "Quelstrom (United Kingdom)", "company")
	branch.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: parent.ID}}
	orgs := []registry.Org{society, parent, branch}
	orgs = append(orgs, fillerOrgs("0bnp1", "gb", []string{"Institute of Physics", "Society"}, "nonprofit")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Institute of Physics, Quelstrom (United Kingdom), Harlow", branch.ID},
		{"Institute of Physics, London, UK", society.ID},
		{"Quelstrom, Harlow, UK", branch.ID},
	})
}

// A string written all in capitals or all in small letters resolves as
// written in mixed case: it is first written as the registry writes its
// words, so "AND" before another organisation and an acronym in small
// letters are read as in mixed case.
func TestCaselessAsMixedCase(t *testing.T) {
	college := orgIn("0cam00001", "us", "Northtown", "Northwold College of Medicine", "education")
	hospital := orgIn("0cam00002", "us", "Northtown", "Kestrel Children's Hospital", "healthcare")
	inst := orgIn("0cam00003", "gb", "Westhaven", "Westhaven Medical Institute", "facility")
	inst.Names = append(inst.Names, registry.Name{Value: "WMAI", Types: []string{registry.NameAcronym}})
	orgs := []registry.Org{college, hospital, inst}
	orgs = append(orgs, fillerOrgs("0cam1", "us", []string{"College of Medicine", "Hospital", "Medical Institute"}, "education")...)
	r := New(orgs)
	both := college.ID + " " + hospital.ID
	checkResolved(t, r, []resolveCase{
		{"Department of Pediatrics, Northwold College of Medicine and Kestrel Children's Hospital", both},
		{"DEPARTMENT OF PEDIATRICS, NORTHWOLD COLLEGE OF MEDICINE AND KESTREL CHILDREN'S HOSPITAL", both},
		{"department of pediatrics, northwold college of medicine and kestrel children's hospital", both},
		{"School of Medicine/WMAI", inst.ID},
		{"school of medicine/wmai", inst.ID},
	})
	// The result still echoes the string as given.
	if res, _ := r.Resolve("school of medicine/wmai", Options{}); res.Input != "school of medicine/wmai" {
		t.Errorf("Input = %q", res.Input)
	}
}

// A name written with abbreviations is written out as the words they stand
// for, in its own language: "Univ. of Westmarch" writes the campus's
// "University of Westmarch", not its system's Spanish label "Universidad de
// Westmarch", though the tokens of the two are the same.
func TestAbbreviatedNameSpeltOut(t *testing.T) {
	system := orgIn("0asp00001", "us", "Northtown", "University of Westmarch System", "education")
	system.Names = append(system.Names, registry.Name{Value: "Universidad de Westmarch", Types: []string{registry.NameLabel}, Lang: "es"})
	campus := orgIn("0asp00002", "us", "Northtown", "University of Westmarch at Northtown", "education")
	campus.Names = append(campus.Names, registry.Name{Value: "University of Westmarch", Types: []string{registry.NameAlias}, Lang: "en"})
	campus.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: system.ID}}
	system.Relationships = []registry.Relationship{{Type: registry.RelChild, ID: campus.ID}}
	r := New([]registry.Org{system, campus})
	checkResolved(t, r, []resolveCase{
		{"Dept. of Chemistry, University of Westmarch", campus.ID},
		{"Dept. of Chemistry, Univ. of Westmarch", campus.ID},
	})
}

// A name of common words alone written after an organisation named by its
// own words ("Northwold University, Institute of Medical Science") is that
// organisation's unit, as it is written before it, not a namesake abroad
// holding those words. A name with a country's or a people's word is no
// such name.
func TestCommonNamedUnitAfterOrganisation(t *testing.T) {
	ev := func(words ...string) match.Match {
		var m match.Match
		for _, w := range words {
			m.Explanation = append(m.Explanation, match.Evidence{Query: w, List: w, Token: w, How: "exact", Similarity: 1, Weight: 1, Role: "name"})
		}
		return m
	}
	for _, c := range []struct {
		m    match.Match
		want bool
	}{
		{ev("institute", "medicine", "science"), true},
		{ev("china", "academy", "science"), false}, // "Chinese Academy of Sciences"
		{ev("german", "academy", "science"), false},
		{ev("academy", "science", "germany"), false},
		{ev("northwold", "university"), false},
	} {
		if got := commonWordsOnly(c.m); got != c.want {
			t.Errorf("commonWordsOnly(%v) = %v, want %v", alignedWords(c.m), got, c.want)
		}
	}
	uni := orgIn("0cna00001", "ca", "Northtown", "Northwold University", "education")
	namesake := orgIn("0cna00002", "mn", "Ulaanbaatar", "Institute of Medical Science", "facility")
	orgs := []registry.Org{uni, namesake}
	orgs = append(orgs, fillerOrgs("0cna1", "us", []string{"Institute of Medical Science", "Medical Institute", "University"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Institute of Medical Science, Northwold University", uni.ID},
		{"Northwold University, Institute of Medical Science", uni.ID},
		{"Institute of Medical Science, Ulaanbaatar", namesake.ID},
	})
}

// Two names written out in full share words, not a reading, also when
// "University" is abbreviated in both: "Univ. Medical Center Northwold,
// Univ. of Northwold" names the university as the string in full does,
// not the medical centre alone as the reading explaining more words.
func TestAbbreviatedNamesBothWritten(t *testing.T) {
	uni := orgIn("0abw00001", "nl", "Northwold", "University of Northwold", "education")
	umc := orgIn("0abw00002", "nl", "Northwold", "University Medical Center Northwold", "healthcare")
	umc.Relationships = []registry.Relationship{{Type: registry.RelRelated, ID: uni.ID}}
	orgs := []registry.Org{uni, umc}
	orgs = append(orgs, fillerOrgs("0abw1", "nl", []string{"University", "Medical Center", "University Medical Center"}, "education")...)
	r := New(orgs)
	full := resolvedIDs(t, r, "Dept. of Radiation Oncology, University Medical Center Northwold, University of Northwold")
	if full == "" {
		t.Fatal("the string in full resolves to nothing")
	}
	checkResolved(t, r, []resolveCase{
		{"Dept. of Radiation Oncology, Univ. Medical Center Northwold, Univ. of Northwold", full},
	})
}

// A long word the registry does not know, a typo away from one word many
// registry names hold, is read as that word ("Wetsmarch", "Wesxmarch" with
// one letter written for another); a registry town's name is left as
// written, though a typo away from such a word.
func TestMisspeltWord(t *testing.T) {
	uni := orgIn("0msw00001", "us", "Northtown", "University of Westmarch", "education")
	lab := orgIn("0msw00002", "us", "Marchfeld", "Kestrel Tidal Laboratory", "facility")
	orgs := []registry.Org{uni, lab}
	orgs = append(orgs, fillerOrgs("0msw1", "us", []string{"Westmarch Society", "Marchfield Institute"}, "nonprofit")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Department of Physics, University of Westmarch", uni.ID},
		{"Department of Physics, University of Wetsmarch", uni.ID},
		{"Department of Physics, University of Westmarch, Marchfeld", uni.ID},
	})
	if got := segmentTexts(r, "Kestrel Tidal Laboratory Marchfeld USA"); !strings.Contains(got, "Marchfeld") {
		t.Errorf("the town was rewritten: %q", got)
	}
	for _, s := range []string{"University of Wetsmarch", "University of Wesxmarch"} {
		if got := segmentTexts(r, s); got != "University of Westmarch" {
			t.Errorf("segments of %q: %q, want the word as the registry writes it", s, got)
		}
	}
}

// A name the index shortens by the town that ends it ("École Normale
// Supérieure" of "… de Northvale") names that organisation only where the
// string writes no other town: written with another town, it names a
// namesake there, here one the registry lacks. A town of several words
// tells so too.
func TestShortenedNameInOtherTown(t *testing.T) {
	ens := orgIn("0stn00001", "fr", "Northvale", "École Normale Supérieure de Northvale", "education")
	puc := orgIn("0stn00002", "br", "Porto Verde", "Pontifícia Universidade Católica de Porto Verde", "education")
	r := New([]registry.Org{ens, puc,
		orgIn("0stn00003", "fr", "Eastport", "Eastport Museum"),
		orgIn("0stn00004", "br", "Lago Azul", "Lago Azul Zoo")})
	checkResolved(t, r, []resolveCase{
		{"Laboratoire de Tides, École Normale Supérieure, 75005 Northvale, France", ens.ID},
		{"Laboratoire de Tides, École Normale Supérieure, 75005 Eastport, France", ""},
		{"Pontifícia Universidade Católica, Porto Verde, Brasil", puc.ID},
		{"Pontifícia Universidade Católica, Lago Azul, Brasil", ""},
	})
}

// A registry name written inside a longer segment without commas, a
// unit's words before it and a unit's words or its town after it, names
// that organisation (a second reading). A name that opens with a common
// word after a word of a longer name's own, one a common word continues,
// one after a town or other place, and one followed by prose are not read
// so.
func TestEmbeddedName(t *testing.T) {
	nit := orgIn("0emb00001", "gb", "Eastport", "Northwold Institute of Technology", "education")
	wmc := orgIn("0emb00002", "us", "Westmarch", "Westmarch University Medical Center", "healthcare")
	tides := orgIn("0emb00003", "nz", "Lowmere", "Institute for Tidal Acoustics", "facility")
	orgs := []registry.Org{nit, wmc, tides,
		orgIn("0emb00004", "gb", "Eastport", "Eastport Museum"),
		orgIn("0emb00005", "us", "Westmarch", "Westmarch Zoo"),
		orgIn("0emb00006", "au", "Eastport", "University of Eastport", "education")}
	orgs = append(orgs, fillerOrgs("0emb1", "fr", []string{"Institute", "University", "Center"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Molecular Kelp Genome Program Westmarch University Medical Center", wmc.ID},
		{"E17 Collaboration Westmarch University Medical Center Westmarch Illinois", wmc.ID},
		// Twenty words and more without a comma.
		{"State Key Laboratory of Kelp Genome Harbour Sound Acoustics Research Molecular Kelp Genome Sequencing Program Westmarch University Medical Center 1954 Huashan Road 200030 Westmarch", wmc.ID},
		{"Kelp Genome Laboratory Institute for Tidal Acoustics Lowmere", tides.ID},
		// The end of a longer name ("Kestrel Institute for …").
		{"Kelp Genome Kestrel Institute for Tidal Acoustics Lowmere", ""},
		// The start of a longer name ("… Acoustics Research").
		// "The" opens the name, after a country's word too.
		{"Kelp Genome Institute Australia The University of Eastport 7 Eastport Australia", "https://ror.org/0emb00006"},
		// "The" opens the name; it links it to no words before.
		{"Kelp Genome Laboratory Sciences The Westmarch University Medical Center", wmc.ID},
		// Prose after the name.
		{"Kelp Genome Facility Northwold Institute of Technology for providing a summer grant", ""},
		// A place before the name, or a direction and a place, names a
		// namesake elsewhere; other words are a unit's.
		{"North Lowmere Westmarch University Medical Center", ""},
		{"Eastport Westmarch University Medical Center", ""},
		{"Varro Kelp South Westmarch University Medical Center", ""},
		{"Kelp Vale Westmarch University Medical Center", wmc.ID},
	})
}

// wordsEndName tells a name written whole among other words from the end
// or the start of a longer one.
func TestWordsEndName(t *testing.T) {
	for _, tc := range []struct {
		text     string
		from, to int
		address  int // index of a token read as the address, or -1
		want     bool
	}{
		{"Centre for Kelp Vision Research", 0, 3, -1, false},
		{"Centre for Kelp Vision Eastport", 0, 3, 3, true},
		{"Centre for Kelp Vision Kestrel", 0, 3, -1, true},
		{"Kestrel Institute for Tides", 1, 3, -1, false},
		{"Kelp Laboratory Institute for Tides", 2, 4, -1, true},
		{"Biology Institute for Tides", 1, 3, -1, true},
		{"Kelp Genome Northwold Institute", 2, 4, -1, true},
		{"Northwold University School of Medicine", 0, 2, -1, true},
		{"University of Northwold Medical School", 0, 2, -1, true},         // a head word soon after
		{"University of Northwold Medical Kelp Research", 0, 2, -1, false}, // none
		{"Division of Kelp Genome University College Eastport", 3, 6, -1, true},
		{"Ecological Networks Institute for Tides", 2, 4, -1, true},                     // a word many names hold
		{"UMR 3738 Institute for Tides", 2, 4, -1, true},                                // a unit's number
		{"Institute for Kelp Systems University College Eastport", 3, 6, -1, true},      // a name of its own
		{"City University of Eastport", 1, 3, -1, false},                                // a common institutional word
		{"Kestrel Institute for Tidal Research University of Eastport", 4, 6, -1, true}, // a name of its own
		{"Kelp Institute Chinese University of Eastport", 3, 5, -1, false},              // a people's word
		{"Structural Kelp Program National Tides Center", 3, 6, -1, true},               // a unit's head word
	} {
		ts := names.Tokenize(tc.text)
		if tc.address >= 0 {
			ts[tc.address].Role = names.RoleAddress
		}
		if strings.HasPrefix(tc.text, "Division") {
			ts[0].Role = names.RoleDept // as the parser reads a unit
		}
		if got := wordsEndName(ts, tc.from, tc.to, func(w string) bool { return strings.HasPrefix(w, "network") }); got != tc.want {
			t.Errorf("wordsEndName(%q, %d, %d) = %v, want %v", tc.text, tc.from, tc.to, got, tc.want)
		}
	}
}

// An institute written as a unit is, its head word first, after a
// university the string names ("University X, Institute of Y") is the
// university's unit: a namesake institute abroad does not decide the
// party's country, in either order.
func TestInstituteAfterUniversity(t *testing.T) {
	uni := orgIn("0iau00001", "ch", "Westbrook", "University of Westbrook", "education")
	inst := orgIn("0iau00002", "us", "Eastport", "Kelp Sciences Institute", "facility")
	r := withTownMuseums(uni, inst)
	checkResolved(t, r, []resolveCase{
		{"University of Westbrook, Institute of Kelp Sciences", uni.ID},
		{"Institute of Kelp Sciences, University of Westbrook", uni.ID},
		{"Kelp Sciences Institute, Eastport", inst.ID},
	})
	// Written without its head word first, a namesake whose words each
	// more than rareUnitWordNames registry names hold does not decide
	// either.
	tides := orgIn("0iau00005", "mx", "Lowmere", "Tidal Research Institute", "facility")
	orgs := []registry.Org{uni, tides, orgIn("0iau00006", "mx", "Lowmere", "Lowmere Zoo")}
	orgs = append(orgs, fillerOrgs("0iau1", "fr", []string{"Tidal Research Institute"})...)
	orgs = append(orgs, fillerOrgs("0iau2", "de", []string{"Tidal Research Institute"})...)
	r = New(orgs)
	checkResolved(t, r, []resolveCase{
		{"University of Westbrook, Tidal Research Institute", uni.ID},
	})
	// Nor does a university's own institute abroad, registered as a
	// teaching one without its university.
	taught := orgIn("0iau00007", "is", "Northby", "Institute of Tide Sciences", "education")
	r = withTownMuseums(uni, taught)
	checkResolved(t, r, []resolveCase{
		{"University of Westbrook, Institute of Tide Sciences", uni.ID},
		{"Institute of Tide Sciences, University of Westbrook", uni.ID},
		{"Institute of Tide Sciences, Northby", taught.ID},
	})
}

// A university's research units registered under its name too ("University
// of Westmarch, Centre for Kelp Sociology") are units of their own, not
// campuses: a string that writes the university's name and none of a
// unit's words names the university, though the units fit its words about
// as well as it does.
func TestUnitsRegisteredUnderTheWholeName(t *testing.T) {
	uni := orgIn("0urw00001", "fr", "Northtown", "University of Westmarch", "education")
	var orgs []registry.Org
	for k, unit := range []string{"Centre for Kelp Sociology", "Institute of Tidal Economics"} {
		u := orgIn(fmt.Sprintf("0urw0001%d", k), "fr", "Northtown", unit, "facility")
		u.Names = append(u.Names, registry.Name{Value: "University of Westmarch, " + unit, Types: []string{registry.NameLabel}})
		u.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
		uni.Relationships = append(uni.Relationships, registry.Relationship{Type: registry.RelChild, ID: u.ID})
		orgs = append(orgs, u)
	}
	r := New(append(orgs, uni))
	checkResolved(t, r, []resolveCase{
		{"University of Westmarch, Northtown, France", uni.ID},
		{"University of Westmarch", uni.ID},
	})
}

// Two organisations in one town registered under one alias: the far more
// prominent one, whose alias is made of its own name's words ("Westmarch
// Tech" of the Westmarch Institute of Technology), is meant, not an
// institute the registry gives its host's alias ("Kestrel Institute for
// Tidal Systems"). An alias foreign to both leaves it unknown.
func TestAliasForeignToItsHolder(t *testing.T) {
	tech := orgIn("0afh00001", "us", "Northtown", "Westmarch Institute of Technology", "education")
	tech.Names = append(tech.Names, registry.Name{Value: "Westmarch Tech", Types: []string{registry.NameAlias}}, registry.Name{Value: "Old Harbour College", Types: []string{registry.NameAlias}})
	for k := range 5 {
		tech.Relationships = append(tech.Relationships, registry.Relationship{Type: registry.RelChild, ID: fmt.Sprintf("https://ror.org/0afh1000%d", k)})
	}
	inst := orgIn("0afh00002", "us", "Northtown", "Kestrel Institute for Tidal Systems", "facility")
	inst.Names = append(inst.Names, registry.Name{Value: "Westmarch Tech", Types: []string{registry.NameAlias}}, registry.Name{Value: "Old Harbour College", Types: []string{registry.NameAlias}})
	r := New([]registry.Org{tech, inst})
	checkResolved(t, r, []resolveCase{
		{"Westmarch Tech, Northtown", tech.ID},
		{"Westmarch Tech", tech.ID},
		{"Old Harbour College, Northtown", ""},
	})
}

// Two registry names joined by "and" are two organisations also when the
// parser reads one as a unit's words ("Centre for Tidal Management", a
// centre's whole name) or one is a single word, as long as each is one
// organisation's whole name; a unit's name many hold is no party of its
// own.
func TestJoinedNamesReadAsAUnit(t *testing.T) {
	inst := orgIn("0jnu00001", "gb", "Northwold", "Northwold Institute of Kelp", "facility")
	centre := orgIn("0jnu00002", "fr", "Eastvale", "Centre for Tidal Management", "facility")
	corp := orgIn("0jnu00003", "us", "Westport", "Westcorp", "company")
	orgs := []registry.Org{inst, centre, corp}
	orgs = append(orgs, fillerOrgs("0jnu1", "us", []string{"Department of Physics"}, "education")...)
	r := New(orgs)
	both := func(a, b string) string { return "https://ror.org/" + a + " https://ror.org/" + b }
	checkResolved(t, r, []resolveCase{
		{"Centre for Tidal Management and Northwold Institute of Kelp", both("0jnu00002", "0jnu00001")},
		{"Northwold Institute of Kelp and Centre for Tidal Management", both("0jnu00001", "0jnu00002")},
		{"Westcorp and Northwold Institute of Kelp", both("0jnu00003", "0jnu00001")},
		{"Department of Physics and Northwold Institute of Kelp", inst.ID},
	})
}

// An institutional word misspelt ("Univeristy", "Deparment") is written
// right before the string is parsed: the parser reads the unit's word and
// the name written out tells a namesake written in another order apart.
func TestMisspeltInstitutionalWord(t *testing.T) {
	ca := orgIn("0miw00001", "ca", "Westbrook", "University of Westbrook", "education")
	us := orgIn("0miw00002", "us", "Eastport", "Westbrook University", "education")
	r := New([]registry.Org{ca, us})
	checkResolved(t, r, []resolveCase{
		{"Deparment of Physics, Univeristy of Westbrook", ca.ID},
		{"Deparment of Physics, Westbrook Univeristy", us.ID},
	})
	if a := r.Parties("Deparment of Physics, Univeristy of Westbrook")[0]; a.Segments[0].Role != names.RoleDept {
		t.Errorf("first segment read as %v, want a unit's", a.Segments[0].Role)
	}
	// A language's own spelling a registry name writes ("Fondation",
	// one letter from "Foundation") is left as written.
	r = New([]registry.Org{orgIn("0miw00003", "fr", "Eastport", "Fondation Kestrel", "nonprofit")})
	if a := r.Parties("Fondation Kestrel, Eastport")[0]; a.Segments[0].Text != "Fondation Kestrel" {
		t.Errorf("Parties(%q) first segment %q, want it as written", "Fondation Kestrel, Eastport", a.Segments[0].Text)
	}
}

// A school named after its university, run on after a unit's words
// without a comma ("Department of X Northwold School of Medicine"), is
// the university's, as it is written with one.
func TestSchoolRunOnAfterUnit(t *testing.T) {
	uni := orgIn("0sru00001", "us", "Northwold", "Northwold University", "education")
	orgs := []registry.Org{uni, orgIn("0sru00002", "us", "Northwold", "Northwold Zoo")}
	orgs = append(orgs, fillerOrgs("0sru1", "us", []string{"School of Medicine", "University", "Medical School"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Department of Kelp Immunobiology, Northwold School of Medicine", uni.ID},
		{"Department of Kelp Immunobiology Northwold School of Medicine", uni.ID},
	})
}

// A segment of a town and its state's code or country and nothing else
// ("…, Northvale WS UK", "… Northvale Westshire UK") is the address, not
// words of an organisation's name a namesake holds ("University of
// Westshire at Northvale").
func TestTownStateCountrySegment(t *testing.T) {
	uni := orgIn("0tsc00001", "gb", "Northvale", "Harbour University", "education")
	uni.Region = "Westshire"
	other := orgIn("0tsc00002", "gb", "Northvale", "University of Westshire at Northvale", "education")
	other.Region = "Westshire"
	r := New([]registry.Org{uni, other})
	checkResolved(t, r, []resolveCase{
		{"Department of Kelp Biology Harbour University 1  Northvale Westshire UK", uni.ID},
		{"Harbour University, Northvale Westshire UK", uni.ID},
	})
	// A town and a region alone, a common word ("Kelpton Centre"), is
	// not read so: it would make the town's country veto the name after.
	kelp := orgIn("0tsc00003", "ng", "Kelpton", "Kelpton Polytechnic", "education")
	kelp.Region = "Centre"
	west := orgIn("0tsc00004", "us", "Eastport", "University of Westshire", "education")
	checkResolved(t, New([]registry.Org{uni, other, kelp, west}), []resolveCase{
		{"Kelpton Centre, University of Westshire", west.ID},
	})
	for _, s := range r.Parties("Harbour University, Northvale Westshire UK")[0].Segments {
		if strings.HasPrefix(s.Text, "Northvale") && s.Role != names.RoleAddress {
			t.Errorf("segment %q read as %v, want the address", s.Text, s.Role)
		}
	}
}

// A registry name that runs on into its town after a unit's words
// ("… Biology Harbour College Northvale") keeps the town as its word,
// though the words before the town are another organisation's name
// ("Harbour College" abroad): the town is no address there.
func TestNameRunsIntoTown(t *testing.T) {
	hc := orgIn("0nrt00001", "gb", "Northvale", "Harbour College Northvale", "education")
	abroad := orgIn("0nrt00002", "ca", "Eastport", "The Harbour College", "education")
	// A town of two countries ("London"): it tells no country.
	r := New([]registry.Org{hc, abroad, orgIn("0nrt00003", "gb", "Northvale", "Northvale Zoo"), orgIn("0nrt00004", "ca", "Northvale", "Northvale Museum")})
	checkResolved(t, r, []resolveCase{
		{"Centre for Kelp and Regenerative Biology Harbour College Northvale", hc.ID},
		{"Harbour College, Eastport", abroad.ID},
	})
	a := r.Parties("Centre for Kelp and Regenerative Biology Harbour College Northvale")[0]
	s := a.Segments[len(a.Segments)-1]
	if last := s.Tokens[len(s.Tokens)-1]; last.Role != names.RoleName {
		t.Errorf("%q in %q read as %v, want the name's word", last.Text, s.Text, last.Role)
	}
}

// A unit run into a host of common words with the host's town after it,
// without commas ("Kelp Mechanics National University of Westport"): the
// host is read, by its name ending the segment (see splitTrailingName)
// or after a unit's head word. A host reading of such a segment left
// whole ("Kelp Harbour MRC National University of Westport", whose last
// unit word is no subject) keeps the town read after the host, for
// townAfter.
func TestHostOfCommonWordsTownAfter(t *testing.T) {
	nu := orgIn("0hct00001", "sg", "Westport", "National University of Westport", "education")
	orgs := []registry.Org{nu, orgIn("0hct00002", "sg", "Westport", "Westport Zoo")}
	orgs = append(orgs, fillerOrgs("0hct1", "us", []string{"National University", "National Institute"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Kelp Mechanics National University of Westport", nu.ID},
		{"Kelp Mechanics Institute National University of Westport", nu.ID},
	})
	a := r.Parties("Kelp Harbour MRC National University of Westport")[0]
	found := false
	for _, h := range hostReadings(&a, r.ix.IsName) {
		if slices.Equal(names.Texts(h.host), []string{"national", "university"}) {
			found = true
			if got := names.Texts(h.after); !slices.Equal(got, []string{"westport"}) {
				t.Errorf("host %v: words after %v, want the town", names.Texts(h.host), got)
			}
		}
	}
	if !found {
		t.Error("no reading with the host's common words")
	}
}

// Of organisations of one country holding the same name (one of them
// with its town after it, as the index also reads it without), the town
// the string writes tells which is meant: a town none of them is in
// names none, not the one the name fits best.
func TestNamesakeTownElsewhere(t *testing.T) {
	north := orgIn("0nte00001", "ng", "Northtown", "Federal College of Tides, Northtown", "education")
	east := orgIn("0nte00002", "ng", "Eastport", "Federal College of Tides", "education")
	orgs := []registry.Org{north, east,
		orgIn("0nte00003", "ng", "Westport", "Westport Tidal Museum"),
		orgIn("0nte00004", "ng", "Southbay", "Southbay Zoo")}
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Federal College of Tides, Northtown", north.ID},
		{"Federal College of Tides, Eastport", east.ID},
		{"Federal College of Tides, Westport", ""},
		{"Department of Waves, Federal College of Tides, Southbay", ""},
	})
}

// A town written before an organisation's name, not the organisation's
// and not in any of its names, names the namesake of that town
// ("Northtown Kestrel Hospital"), unless the organisation is a university,
// whose branches elsewhere are named so.
func TestTownBeforeNameElsewhere(t *testing.T) {
	hospital := orgIn("0tbn00001", "jp", "Eastport", "Kestrel Hospital", "healthcare")
	uni := orgIn("0tbn00002", "jp", "Eastport", "Kestrel Tidal University", "education")
	r := New([]registry.Org{hospital, uni,
		orgIn("0tbn00003", "jp", "Northtown", "Northtown Zoo"),
		orgIn("0tbn00004", "jp", "Southbay", "Southbay Museum")})
	checkResolved(t, r, []resolveCase{
		{"Northtown Kestrel Hospital", ""},
		{"Eastport Kestrel Hospital", hospital.ID},
		{"Northtown Kestrel Tidal University", uni.ID},
	})
}

// A registry name the index shortened by its town, written with other
// words where the town was ("Institut de Tidologie Fondamentale" for the
// "Institut de Tidologie de Northtown"), names another organisation,
// unless the words are a unit's ("… Core Facility").
func TestTownDroppedNameGoesOn(t *testing.T) {
	inst := orgIn("0itd00001", "fr", "Northtown", "Institut de Tidologie de Northtown", "facility")
	orgs := []registry.Org{inst,
		orgIn("0itd00002", "fr", "Eastport", "Centre de Tidologie Eastport", "facility"),
		orgIn("0itd00003", "fr", "Southbay", "Southbay Museum"),
		// The words written after the names, known to the index.
		orgIn("0itd00004", "fr", "Southbay", "Fondation Fondamentale Appliquee")}
	orgs = append(orgs, fillerOrgs("0itd1", "fr", []string{"Institut", "Centre"}, "facility")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Institut de Tidologie Fondamentale", ""},
		{"Laboratoire X, Institut de Tidologie Fondamentale", ""},
		{"Centre de Tidologie Appliquee", ""},
		{"Institut de Tidologie de Northtown", inst.ID},
		{"Institut de Tidologie", inst.ID},
		{"Institut de Tidologie Core Facility", inst.ID},
	})
}

// A word read as a misspelling or a sound-alike of an organisation's own
// is no evidence when, as written, it is the name of a town the
// organisation is not in or a country it is not in ("University of
// Malta" for a Malto University in India, "University of Kestreva" for
// the Kestrova University when Kestreva is a town); misspelt words that
// name no place still are, as is the organisation's own town written
// otherwise ("University of Kestrelpur" for the Kestrelpore University in
// Kestrelpur).
func TestPlaceNotMisread(t *testing.T) {
	uni := orgIn("0pnm00001", "in", "Kestrelpur", "Malto University", "education")
	inst := orgIn("0pnm00002", "in", "Eastpur", "Kestrova University", "education")
	own := orgIn("0pnm00003", "in", "Kestrelpur", "Kestrelpore University", "education")
	r := New([]registry.Org{uni, inst, own,
		orgIn("0pnm00004", "in", "Kestreva", "Kestreva Zoo"),
		orgIn("0pnm00005", "in", "Eastpur", "Eastpur Museum")})
	checkResolved(t, r, []resolveCase{
		{"University of Malta", ""},
		{"Malto University", uni.ID},
		{"Maltto University", uni.ID},
		{"University of Kestreva", ""},
		{"University of Kestrova", inst.ID},
		{"University of Kestrelpur", own.ID},
	})
}

// "State" written on one side only, the string's or the registry name's,
// with the head word on both, tells two universities apart: "University
// of Northwold" is not "Northwold State University", nor the other way
// round.
func TestStateLeft(t *testing.T) {
	state := orgIn("0stl00001", "us", "Eastfield", "Northwold State University", "education")
	uni := orgIn("0stl00002", "us", "Westfield", "University of Kestrelmoor", "education")
	r := New([]registry.Org{state, uni,
		orgIn("0stl00003", "us", "Eastfield", "Eastfield Zoo"),
		orgIn("0stl00004", "us", "Westfield", "Westfield Museum")})
	checkResolved(t, r, []resolveCase{
		{"University of Northwold", ""},
		{"Kestrelmoor State University", ""},
		{"Northwold State University", state.ID},
		{"University of Kestrelmoor", uni.ID},
	})
}

// An organisation named after another one and a kind of its own (its
// hospital, press or foundation) is not the one a string naming the other
// means: "University of Northwold" is not the Northwold University
// Hospital, which "Northwold University Hospital" still names.
func TestKindLeft(t *testing.T) {
	hospital := orgIn("0kdl00001", "us", "Northwold", "Northwold University Hospital", "healthcare")
	press := orgIn("0kdl00002", "gb", "Eastport", "Kestrelmoor University Press", "company")
	r := New([]registry.Org{hospital, press,
		orgIn("0kdl00003", "us", "Northwold", "Northwold Zoo"),
		orgIn("0kdl00004", "gb", "Eastport", "Eastport Museum")})
	checkResolved(t, r, []resolveCase{
		{"University of Northwold", ""},
		{"Department of Physics, University of Kestrelmoor", ""},
		{"Northwold University Hospital", hospital.ID},
		{"Department of Cardiology, Northwold University Hospital", hospital.ID},
		{"Kestrelmoor University Press", press.ID},
	})
}

// A university's kind written on one side only, the string's or the
// registry name's, tells two universities apart: "University of
// Northwold" is not "Northwold University of Technology", nor
// "Kestrelmoor Pedagogical University" the University of Kestrelmoor. A
// company's "Technologies" is no kind.
func TestQualifierLeft(t *testing.T) {
	tech := orgIn("0qfl00001", "nz", "Northwold", "Northwold University of Technology", "education")
	uni := orgIn("0qfl00002", "ru", "Kestrelmoor", "University of Kestrelmoor", "education")
	firm := orgIn("0qfl00003", "us", "Eastport", "Varnelquist Technologies", "company")
	r := New([]registry.Org{tech, uni, firm,
		orgIn("0qfl00004", "nz", "Northwold", "Northwold Zoo"),
		orgIn("0qfl00005", "ru", "Kestrelmoor", "Kestrelmoor Museum")})
	checkResolved(t, r, []resolveCase{
		{"University of Northwold", ""},
		{"Kestrelmoor Pedagogical University", ""},
		{"Kestrelmoor University of Education", ""},
		{"Northwold University of Technology", tech.ID},
		{"University of Kestrelmoor", uni.ID},
		{"Varnelquist, Eastport, USA", firm.ID},
	})
}

// An adjective before a name that opens with its head word names another
// organisation ("Medical University of Northwold" is not the University of
// Northwold); a subject before it is a unit's ("Psychology University of
// Northwold" is the university's department).
func TestAdjectiveQualifiesHead(t *testing.T) {
	uni := orgIn("0aqh00001", "at", "Northwold", "University of Northwold", "education")
	r := New([]registry.Org{uni,
		orgIn("0aqh00002", "at", "Northwold", "Northwold University Hospital", "healthcare"),
		orgIn("0aqh00003", "at", "Eastport", "University of Eastport", "education"),
		orgIn("0aqh00004", "at", "Eastport", "Eastport Museum")})
	checkResolved(t, r, []resolveCase{
		{"Institute of Cell Biology, Medical University of Northwold", ""},
		{"Medical University of Northwold", ""},
		{"Psychology University of Northwold", uni.ID},
		{"Institute of Cell Biology, University of Northwold", uni.ID},
	})
}

// Words run into an organisation's name are read as a unit of it only
// when they hold something of a unit's: a head word, a subject, a code or
// an acronym, a link to the host ("del"), or the words the parser cut
// from a unit's name before them at "and". Words with nothing of a
// unit's ("Kestrel Vale", "Kestrelford City") begin the name of another
// organisation, which the registry does not hold, ending as the one it
// does ("Kestrelford City Institute of Public Tidology" is no unit of the
// Institute of Public Tidology).
func TestHostReadingNeedsUnit(t *testing.T) {
	uni := orgIn("0nuw00001", "us", "Northwold", "Northwold University", "education")
	inst := orgIn("0nuw00002", "jp", "Kestrelford", "Institute of Public Tidology", "government")
	orgs := []registry.Org{uni, inst,
		// Namesakes that keep the first reading from choosing.
		orgIn("0nuw00003", "us", "Eastwold", "Northwold University of Technology", "education"),
		orgIn("0nuw00004", "us", "Southwold", "Northwold Medical University", "education"),
		orgIn("0nuw00005", "jp", "Ospray", "Ospray City Institute of Public Tidology", "government"),
		orgIn("0nuw00006", "jp", "Tern", "Tern City Institute of Public Tidology", "government"),
	}
	orgs = append(orgs, fillerOrgs("0nuw1", "us", []string{"National University", "National Institute"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Kestrel Vale Institute of Public Tidology", ""},
		{"Kestrelford City Institute of Public Tidology", ""},
		{"MRC Kestrel Institute of Public Tidology", inst.ID},
		{"KeGP Kestrel Institute of Public Tidology", inst.ID},
		{"Tidal Physics Northwold University", uni.ID},
		{"Tidal Chemistry Laboratory Northwold University", uni.ID},
		{"EA 1234 Northwold University", uni.ID},
		{"Servicio de Mareas del Northwold University", uni.ID},
		// The parser cut the unit's name at "and": its last words run on;
		// after a comma they begin another name.
		{"Kestrel Institute for Tidal and Coastal Research Institute of Public Tidology", inst.ID},
		{"Kestrel Institute for Tidal Studies, Coastal Research Institute of Public Tidology", ""},
	})
}

// A footnote's letter opening the string, a PDF's superscript, set apart
// or run into the first word, is no part of the name; a brand the
// registry writes with its small letter keeps it.
func TestLeadingFootnoteLetter(t *testing.T) {
	uni := orgIn("0lfl00001", "us", "Eastport", "Kestrelford University", "education")
	nih := withAcronym(orgIn("0lfl00002", "us", "Eastport", "National Tidal Institute", "government"), "NTI")
	brand := orgIn("0lfl00003", "be", "Westby", "iKelp Medical", "company")
	ys := orgIn("0lfl00005", "es", "Westby", "Y Kelp Schools", "education")
	// A registry word the letter and the acronym spell, written
	// otherwise ("Anti", not "aNTI").
	anti := orgIn("0lfl00006", "us", "Westby", "Anti Kelp League")
	orgs := []registry.Org{uni, nih, brand, ys, anti, orgIn("0lfl00004", "us", "Eastport", "The Kestrelford Museum")}
	// Registry names that write the Spanish "y" small, as most do.
	orgs = append(orgs, fillerOrgs("0lfl1", "es", []string{"Instituto de Mareas y Olas", "Centro de Kelp y Algas"})...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		// In a string of one case a letter is no mark, though
		// truecasing writes this one small (Spanish "y").
		{"Y KELP SCHOOLS", ys.ID},
		{"aKestrelford University", uni.ID},
		{"b Kestrelford University, Eastport", uni.ID},
		{"aNTI", nih.ID},
		{"aThe Kestrelford Museum", "https://ror.org/0lfl00004"},
		{"iKelp Medical, Westby", brand.ID},
	})
	if a := r.Parties("Y KELP SCHOOLS"); len(a) != 1 || !strings.HasPrefix(strings.ToUpper(a[0].Raw), "Y ") {
		t.Errorf("Parties(%q) = %v, want its first word kept", "Y KELP SCHOOLS", a)
	}
}

// A unit's registry name that ends with its parent's acronym, registered
// or the initials of the parent's name ("Tidal Research Institute of the
// NAT"), is also known with the parent's name written out, as authors
// write it; the unit is then chosen over the parent whose every word the
// string writes. An acronym that is not the parent's derives nothing.
func TestParentSpelledAliases(t *testing.T) {
	acad := withAcronym(orgIn("0psa00001", "hu", "Northtown", "Northland Academy of Tides", "funder"), "NLTA")
	acad.Names = append(acad.Names, registry.Name{Value: "Akademie der Gezeiten", Types: []string{registry.NameLabel}, Lang: "de"})
	tidal := orgIn("0psa00002", "hu", "Northtown", "Kestrel Institute of Tidal Studies", "facility")
	tidal.Names = append(tidal.Names, registry.Name{Value: "Tidal Research Institute of the NAT", Types: []string{registry.NameAlias}})
	shoals := orgIn("0psa00003", "hu", "Northtown", "Institute of Shoals NLTA", "facility")
	other := orgIn("0psa00004", "hu", "Northtown", "Harbour Office of the XYZ", "facility")
	for _, o := range []*registry.Org{&tidal, &shoals, &other} {
		o.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: acad.ID}}
	}
	orgs := append([]registry.Org{acad, tidal, shoals, other}, fillerOrgs("0psf", "hu", []string{"Institute of Tides", "Research Institute", "Academy of Sciences"})...)
	want := map[string][]string{
		tidal.ID:  {"Tidal Research Institute of the Northland Academy of Tides"},
		shoals.ID: {"Institute of Shoals Northland Academy of Tides"},
	}
	checkAliases(t, orgs, want, tidal.ID,
		"Tidal Research Institute of the Northland Academy of Tides, Northtown",
		"Tidal Institute of the Northland Academy of Tides, Northtown, Hungary")
}

// A string in title case ("… Of …", "… And …") resolves as the string
// written with small words does: "And" joins two organisations.
func TestTitleCasedString(t *testing.T) {
	both := "https://ror.org/0uni00001 https://ror.org/0fun00001"
	checkResolved(t, fixture(), []resolveCase{
		{"Department of Surgery, University of Northwold and Westhaven Medical Institute", both},
		{"Department Of Surgery, University Of Northwold And Westhaven Medical Institute", both},
	})
}

// A registry word with German's marks written out ("Suedhaven"), which a
// few names write so, is read with the marks ("Südhaven") when ten times
// as many names hold it so; a word both ways of writing hold in like
// numbers, or one of an acronym's length, is read as written.
func TestMarksWrittenOutKnownWord(t *testing.T) {
	target := orgIn("0mkw00001", "de", "Südhaven", "Gezeiten Forschungsinstitut Südhaven", "facility")
	rare := orgIn("0mkw00002", "de", "Suedhaven", "Suedhaven Harbour Trust", "nonprofit")
	twinA := orgIn("0mkw00003", "de", "Nordau", "Gezeiten Forschungsinstitut Nordau", "facility")
	orgs := append([]registry.Org{target, rare, twinA}, fillerOrgs("0mkf", "de", []string{"Südhaven Museum", "Südhaven Klinik", "Institut Südhaven"})...)
	checkResolved(t, New(orgs), []resolveCase{
		{"Gezeiten Forschungsinstitut Suedhaven", target.ID},
		{"Gezeiten Forschungsinstitut Südhaven", target.ID},
		{"Suedhaven Harbour Trust", rare.ID},
	})
}

// A long word a typo away from a registry word that only a few names hold
// is read as it ("Kestrelbroook" for "Kestrelbrook") among words one of
// them holds; a shorter word needs more names to hold it ("Harlenn"
// stays). A word the index's filter errs on (MayKnow says it may be
// known, the vocabulary does not hold it) is respelt all the same.
func TestMisspeltLongWordFewNames(t *testing.T) {
	var orgs []registry.Org
	for i, town := range []string{"Seattle", "Boston", "Denver"} {
		orgs = append(orgs,
			orgIn(fmt.Sprintf("0mlw0000%d", i), "us", town, "Kestrelbrook Tidal Center "+town, "facility"),
			orgIn(fmt.Sprintf("0mlh0000%d", i), "us", town, "Harlen Marine Station "+town, "facility"))
	}
	r := New(append(orgs, fillerOrgs("0mlf", "us", []string{"Tidal Center", "Research Institute"})...))
	respelt := func(in string) string { return r.Parties(in)[0].Raw }
	for _, tc := range []struct{ in, want string }{
		{"Division of Tides, Kestrelbroook Tidal Research Center", "Division of Tides, Kestrelbrook Tidal Research Center"},
		{"Division of Tides, Kestrlebrook Tidal Research Center", "Division of Tides, Kestrelbrook Tidal Research Center"},
		{"Division of Tides, Harlenn Marine Station", "Division of Tides, Harlenn Marine Station"},
		// Among words none of the few names holds, the word is another.
		{"Division of Tides, Royal Kestrelbroook Sailing Club", "Division of Tides, Royal Kestrelbroook Sailing Club"},
	} {
		if got := respelt(tc.in); got != tc.want {
			t.Errorf("Parties(%q) reads %q, want %q", tc.in, got, tc.want)
		}
	}
	// A misspelling the filter errs on.
	found := false
	w := "kestrelbrook"
	for i := 1; i < len(w) && !found; i++ {
		for c := byte('a'); c <= 'z' && !found; c++ {
			v := w[:i] + string(c) + w[i:]
			if !r.ix.MayKnow(v) || r.ix.Knows(v) {
				continue
			}
			found = true
			in := "Division of Tides, " + strings.ToUpper(v[:1]) + v[1:] + " Tidal Research Center"
			if got, want := respelt(in), "Division of Tides, Kestrelbrook Tidal Research Center"; got != want {
				t.Errorf("Parties(%q) reads %q, want %q (MayKnow errs on %q)", in, got, want, v)
			}
		}
	}
	if !found {
		t.Fatal("no misspelling the filter errs on: the test needs another word")
	}
}

// A short word the registry does not know, of five or six letters, is
// read as a word a typo away only when very many names hold that word
// ("Shcool" for "School"); one a few dozen names hold ("Kelpe" for
// "Kelpie") is a word of its own.
func TestMisspeltShortWord(t *testing.T) {
	var orgs []registry.Org
	for i := range 320 {
		orgs = append(orgs, orgIn(fmt.Sprintf("0msw%05d", i), "us", "Northtown", fmt.Sprintf("Filler%c%c%c School", 'a'+i%26, 'a'+i/26%26, 'a'+i/676)))
	}
	for i := range 40 {
		orgs = append(orgs, orgIn(fmt.Sprintf("0msk%05d", i), "us", "Northtown", fmt.Sprintf("Kelpie Filler%c%c Society", 'a'+i%26, 'a'+i/26)))
	}
	r := New(orgs)
	for _, tc := range []struct{ in, want string }{
		{"Department of Tides, Fillerabc Schol, Northtown", "Department of Tides, Fillerabc School, Northtown"},
		{"Department of Tides, Fillerabc Shcool", "Department of Tides, Fillerabc School"},
		{"Kelpe Fillerab Society", "Kelpe Fillerab Society"},
		{"Department of Tides, Fillerabc Scho", "Department of Tides, Fillerabc Scho"},
	} {
		if got := r.Parties(tc.in)[0].Raw; got != tc.want {
			t.Errorf("Parties(%q) reads %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A string whose UTF-8 was decoded once more as Windows-1252
// ("UniversitÃ¤ts klinik") is read back before the resolver reads its
// cues, so a word a stray space split is rejoined in it as in the string
// written right.
func TestMojibakeReadBeforeCues(t *testing.T) {
	clinic := orgIn("0mjb00001", "de", "Nordhaven", "Universitätsklinik Nordhaven", "healthcare")
	other := orgIn("0mjb00002", "de", "Nordhaven", "Nordhaven Kelp Institute", "facility")
	r := New(append([]registry.Org{clinic, other}, fillerOrgs("0mjf", "de", []string{"Hospital Nordhaven", "Universität"})...))
	twice, err := charmap.Windows1252.NewDecoder().String("Department of Tides, Universitäts klinik Nordhaven")
	if err != nil {
		t.Fatal(err)
	}
	checkResolved(t, r, []resolveCase{
		{"Department of Tides, Universitäts klinik Nordhaven", clinic.ID},
		{twice, clinic.ID},
	})
}

// Footnotes' numbers glued to the words they followed, as text taken from
// a PDF has them, are cut: the string resolves as it does without them.
func TestGluedFootnoteNumbers(t *testing.T) {
	fund := "https://ror.org/0fun00001"
	checkResolved(t, fixture(), []resolveCase{
		{"Department of Tides, Westhaven Medical Institute, Westhaven", fund},
		{"Department of Tides1, Westhaven Medical Institute2, Westhaven3", fund},
		{"Department of Tides1,2, Westhaven Medical Institute3-5", fund},
	})
}

// A footnote's number set apart at the end of a string is dropped; after
// a town's name that a registry name writes with it, it is the
// university's own, and ending a registry name written whole, the
// name's.
func TestTrailingFootnoteNumber(t *testing.T) {
	uni := withAcronym(orgIn("0tfn00001", "us", "Eastport", "Kestrelford University", "education"), "KFU")
	one := orgIn("0tfn00002", "fr", "Northtown", "Université Northtown 1", "education")
	whole := orgIn("0tfn00003", "fr", "Northtown", "Université Northtown", "education")
	numbered := orgIn("0tfn00004", "de", "Eastport", "Hochschule Kestrel 21", "education")
	plain := orgIn("0tfn00005", "de", "Westby", "Hochschule Kestrel", "education")
	r := New(append([]registry.Org{uni, one, whole, numbered, plain}, fillerOrgs("0tff", "us", []string{"University", "Institute 1", "College"})...))
	checkResolved(t, r, []resolveCase{
		{"Hochschule Kestrel 21", numbered.ID},
		{"Department of Tides, Kestrelford University 1", uni.ID},
		{"Department of Tides, Kestrelford University 12.", uni.ID},
		{"Department of Tides, KFU 1", uni.ID},
		{"Kestrelford University 1", uni.ID},
		{"Department of Tides, Université Northtown 1", one.ID},
		{"Department of Tides, Université Northtown", whole.ID},
	})
}

// "Saint" and "St." are one word in names and towns: a name the registry
// writes with one resolves written with the other.
func TestSaintWrittenEitherWay(t *testing.T) {
	washu := orgIn("0swe00001", "us", "St. Westby", "Kestrel University in St. Westby", "education")
	uw := orgIn("0swe00002", "us", "Northtown", "University of Kestrel", "education")
	mary := orgIn("0swe00003", "gb", "Eastport", "Saint Marigold's Hospital", "healthcare")
	fr := orgIn("0swe00004", "fr", "Saint-Westby", "Musée de Saint-Westby", "archive")
	r := New([]registry.Org{washu, uw, mary, fr})
	checkResolved(t, r, []resolveCase{
		{"Department of Tides, Kestrel University in Saint Westby", washu.ID},
		{"Department of Tides, Kestrel University in St. Westby", washu.ID},
		{"St Marigold's Hospital, Eastport", mary.ID},
	})
}

// A country written after a name with only a space between, as indexes
// that drop "of" write names ("Coastal Univ Singapore"), is a word of the
// name when the two are a registry name word for word; after a comma, or
// after a name it does not complete, it stays the party's country.
func TestCountryEndingName(t *testing.T) {
	sg := orgIn("0cen00001", "sg", "Singapore", "Coastal University of Singapore", "education")
	gb := orgIn("0cen00002", "gb", "Northtown", "Coastal University", "education")
	var orgs []registry.Org
	for i := range 120 {
		w := fmt.Sprintf("Kestrel%c%c", 'a'+i%26, 'a'+i/26)
		orgs = append(orgs, orgIn(fmt.Sprintf("0cen%05d", 10+i), "sg", "Singapore", w+" Coastal University", "education"))
	}
	r := New(append(orgs, append([]registry.Org{sg, gb}, fillerOrgs("0cef", "sg", []string{"University", "College"})...)...))
	checkSegmentTexts(t, r, [][2]string{
		{"Dept Tides, Coastal Univ Singapore", "Dept Tides|Coastal Univ Singapore"},
		{"Coastal University, Singapore", "Coastal University|Singapore"},
		{"Westmarch Univ Singapore", "Westmarch Univ|Singapore"},
	})
	checkResolved(t, r, []resolveCase{
		{"Dept Tides, Coastal Univ Singapore", sg.ID},
		{"Coastal University of Singapore", sg.ID},
	})
}

// A unit's last word before "University <town>" goes back to the unit
// when the words after the comma are a registry name and, with the word,
// none: the parser reads such a comma as written one word late, which it
// is when the registry knows the name with the word ("Northvale
// University").
func TestCommaNotLate(t *testing.T) {
	harbin := orgIn("0cnl00001", "cn", "Harbin", "University of Harbin", "education")
	northvale := orgIn("0cnl00002", "cn", "Harbin", "Northvale University", "education")
	r := New(append([]registry.Org{harbin, northvale}, fillerOrgs("0cnf", "cn", []string{"University", "Institute"})...))
	checkSegmentTexts(t, r, [][2]string{
		{"Centre for Kelp Flourishing, University Harbin", "Centre for Kelp Flourishing|University Harbin"},
		{"Centre for Kelp Flourishing, University of Harbin", "Centre for Kelp Flourishing|University of Harbin"},
	})
	checkResolved(t, r, []resolveCase{
		{"Centre for Kelp Flourishing, University Harbin", harbin.ID},
		{"School of Tides Northvale, University Harbin 150001", northvale.ID},
	})
}

// "Tech." is "Technical" before a head word and "Technology" after "of"
// or "and", as Web of Science and IEEE abbreviate them: each finds its
// organisation where both are registered.
func TestTechAbbreviated(t *testing.T) {
	technical := orgIn("0tab00001", "de", "Kestrelburg", "Technical University of Kestrelburg", "education")
	technology := orgIn("0tab00002", "cn", "Harbin", "Kestrelburg University of Science and Technology", "education")
	var orgs []registry.Org
	for i := range 40 {
		orgs = append(orgs, orgIn(fmt.Sprintf("0tab%05d", 10+i), "us", "Northtown", fmt.Sprintf("Filler%c%c University of Technology", 'a'+i%26, 'a'+i/26), "education"))
	}
	for i := range 120 {
		orgs = append(orgs, orgIn(fmt.Sprintf("0tab%05d", 100+i), "de", "Kestrelburg", fmt.Sprintf("Kestrelburg Filler%c%c Museum", 'a'+i%26, 'a'+i/26), "archive"))
	}
	r := New(append(orgs, append([]registry.Org{technical, technology}, fillerOrgs("0taf", "de", []string{"University", "College"})...)...))
	checkResolved(t, r, []resolveCase{
		{"Dept. of Phys., Tech. Univ. of Kestrelburg", technical.ID},
		{"Tech Univ Kestrelburg, Dept Phys", technical.ID},
		{"Sch. of Phys., Kestrelburg Univ. of Sci. and Tech.", technology.ID},
	})
}

// IEEE's "Electron." is "Electronic" before a field: the university of
// electronic science is found written so, where the particle's word
// would find only the institutes named after it; those are still found.
func TestElectronAbbreviated(t *testing.T) {
	uni := orgIn("0eab00001", "gh", "Accra", "University of Electronic Science and Technology of Ghana", "education")
	particle := orgIn("0eab00002", "jp", "Northtown", "Electron Science Institute", "facility")
	orgs := []registry.Org{uni, particle,
		orgIn("0eab00003", "de", "Westby", "Institute of Electron Optics", "facility"),
		orgIn("0eab00004", "fr", "Eastport", "Electron Beam Centre", "facility")}
	orgs = append(orgs, fillerOrgs("0eab1", "gh", []string{"University of Science and Technology"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Sch. of Phys., Univ. of Electron. Sci. and Technol. of Ghana", uni.ID},
		{"Electron Science Institute, Northtown", particle.ID},
	})
}

// A last "CA", California's code and Canada's, is Canada after a province
// (by its code or its name) or a town the registry knows in Canada and
// not in California, as exports writing ISO codes put it; after a town
// the registry knows in California too, it stays California, and Canada
// is tried only when nothing is found there, for a name written whole.
func TestCountryCodeAlsoState(t *testing.T) {
	kestrel := orgIn("0ccs00001", "ca", "Kestrelton", "Kestrelton Polytechnic", "education")
	kestrel.Region = "Westmoor Province"
	both := orgIn("0ccs00002", "ca", "Harbourton", "Harbourton Conservatory", "education")
	usTwin := orgIn("0ccs00003", "us", "Harbourton", "Harbourton Community College", "education")
	usTwin.Region = "California"
	westby := orgIn("0ccs00004", "ca", "Westby", "Westby Academy of Music", "education")
	iowa := orgIn("0ccs00005", "us", "Westby", "Westby Community College", "education")
	iowa.Region = "Iowa"
	r := New(append([]registry.Org{kestrel, both, usTwin, westby, iowa}, fillerOrgs("0ccf", "ca", []string{"University", "College"})...))
	checkResolved(t, r, []resolveCase{
		{"Westby Academy of Music, Westby, CA", westby.ID},
		{"Department of Tides, Kestrelton Polytechnic, Kestrelton, CA", kestrel.ID},
		{"Harbourton Conservatory, Harbourton, ON, CA", both.ID},
		{"Kestrelton Polytechnic, Kestrelton, Westmoor Province K1A 0B1, CA", kestrel.ID},
		{"Harbourton Conservatory, Harbourton, CA", both.ID},
		{"Harbourton Community College, Harbourton, CA", usTwin.ID},
		{"Department of Tides, Harbourton, CA", ""},
		{"Conservatory, Harbourton, CA", ""},
	})
	// Read as California first.
	ps := r.Parties("Harbourton Conservatory, Harbourton, CA")
	if len(ps) != 1 || !slices.Equal(ps[0].Countries, []string{"us"}) {
		t.Errorf("Parties: %+v, want the party in the US", ps)
	}
}

// A last "PE", Prince Edward Island's code and Peru's, is Peru after a
// town the registry knows in Peru and not in Canada, a parenthetical
// before them or not; after a Canadian town it stays the province.
func TestCountryCodeAlsoProvince(t *testing.T) {
	peru := orgIn("0ccp00001", "pe", "Kestrelima", "Instituto de Mareas", "facility")
	island := orgIn("0ccp00002", "ca", "Harbourton", "Harbourton Tidal Institute", "facility")
	island.Region = "Prince Edward Island"
	r := New(append([]registry.Org{peru, island}, fillerOrgs("0ccf", "pe", []string{"Universidad", "Instituto"})...))
	checkResolved(t, r, []resolveCase{
		{"Instituto de Mareas, Kestrelima, PE", peru.ID},
		{"Instituto de Mareas, Kestrelima, Peru", peru.ID},
		{"Instituto de Mareas (IDMK), Kestrelima, PE", peru.ID}, // the parenthetical is put last
		{"Harbourton Tidal Institute, Harbourton, PE", island.ID},
		{"Harbourton Tidal Institute, Harbourton, PE, Canada", island.ID},
	})
}

// A teaching unit abroad whose parent the string does not name, written
// after a university, as indexes order them ("University X, Institute of
// Y"), is that university's unit: the university is chosen, as it is with
// the two written the other way round.
func TestTeachingUnitAfterUniversity(t *testing.T) {
	parent := orgIn("0tua00001", "de", "Northtown", "Northvale University", "education")
	unit := orgIn("0tua00002", "de", "Northtown", "Institute of Tides", "education")
	unit.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: parent.ID}}
	uni := orgIn("0tua00003", "ch", "Westby", "Westmarch University", "education")
	orgs := []registry.Org{parent, unit, uni}
	for i, w := range []string{"Museum", "Zoo", "Hospital", "Library", "Archive", "Observatory"} {
		// Westmarch's word is common, Tides' rare: the unit ranks first.
		orgs = append(orgs, orgIn(fmt.Sprintf("0tua%05d", 10+i), "ch", "Westby", "Westmarch "+w, "other"))
	}
	r := New(append(orgs, fillerOrgs("0tuf", "ch", []string{"University", "Institute", "College"})...))
	checkResolved(t, r, []resolveCase{
		{"Westmarch University, Institute of Tides", uni.ID},
		{"Institute of Tides, Westmarch University", uni.ID},
	})
	// The first reading chooses it already, not a second one.
	for _, in := range []string{"Westmarch University, Institute of Tides", "Institute of Tides, Westmarch University"} {
		a := r.Parties(in)[0]
		ms, err := r.ix.ScreenAffiliation(&a, leadingScreen(Options{Threshold: DefaultThreshold}))
		if err != nil {
			t.Fatal(err)
		}
		if got := r.pick(ms, DefaultMargin, &a); len(got) != 1 || got[0].SourceID != uni.ID {
			t.Errorf("%q: pick chose %v, want %s", in, got, uni.ID)
		}
	}
}

// Of a university and its college known also by the university's words
// in another order ("Westmoor University" for a college of the University
// of Westmoor), the one whose name's order an abbreviated string keeps is
// meant, as when it writes the name in full ("Univ Westmoor", "University
// of Westmoor").
func TestAbbreviatedNameOrderAmongKin(t *testing.T) {
	uni := orgIn("0ano00001", "gb", "Westmoor", "University of Westmoor", "education")
	college := orgIn("0ano00002", "gb", "Westmoor", "Westmoor University College", "education")
	college.Names = append(college.Names, registry.Name{Value: "Westmoor University", Types: []string{registry.NameAlias}})
	college.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	r := New(append([]registry.Org{uni, college}, fillerOrgs("0anf", "gb", []string{"University", "College"})...))
	checkResolved(t, r, []resolveCase{
		{"Dept Math, University of Westmoor", uni.ID},
		{"Dept Math, Univ Westmoor", uni.ID},
		{"Dept. of Math., Univ. of Westmoor", uni.ID},
	})
}

// A system's campus is told by its town only when the string writes the
// whole of it: "Port Wren" written before the system's name names the
// campus in Port Wren, not the one in Port Alder, whose town shares a word
// with it and which the system's name fits by an alias.
func TestCampusByWholeTown(t *testing.T) {
	system := orgIn("0cwt00001", "us", "Capitol", "University of Westmarch System", "education")
	system.Names = append(system.Names, registry.Name{Value: "Universidad de Westmarch", Types: []string{registry.NameLabel}, Lang: "es"})
	alder := orgIn("0cwt00002", "us", "Port Alder", "University of Westmarch, Port Alder", "education")
	alder.Names = append(alder.Names, registry.Name{Value: "University of Westmarch", Types: []string{registry.NameAlias}, Lang: "en"})
	wren := orgIn("0cwt00003", "us", "Port Wren", "University of Westmarch, Port Wren", "education")
	east := orgIn("0cwt00004", "us", "Eastby", "University of Westmarch, Eastby", "education")
	east.Names = append(east.Names, registry.Name{Value: "University of Westmarch", Types: []string{registry.NameAlias}, Lang: "en"})
	for _, c := range []*registry.Org{&alder, &wren, &east} {
		c.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: system.ID}}
		system.Relationships = append(system.Relationships, registry.Relationship{Type: registry.RelChild, ID: c.ID})
	}
	r := New([]registry.Org{system, alder, wren, east})
	checkResolved(t, r, []resolveCase{
		{"Port Wren, University of Westmarch, Department of Tides", wren.ID},
		{"Port Alder, University of Westmarch, Department of Tides", alder.ID},
		{"Department of Tides, University of Westmarch, Port Wren", wren.ID},
	})
	// The system's part by place, as pick asks for it when the system's
	// name is all the string writes of it: Port Alder's campus fits as
	// well as the system does, by its alias, and shares "Port" with the
	// town written, but not "Alder".
	for _, tc := range []struct{ in, want string }{
		{"Port Wren, University of Westmarch, Department of Tides", wren.ID},
		{"Port Alder, University of Westmarch, Department of Tides", alder.ID},
	} {
		p := r.Parties(tc.in)[0]
		ms, err := r.ix.ScreenAffiliation(&p, leadingScreen(Options{Threshold: DefaultThreshold}))
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(ms, func(m match.Match) bool { return m.SourceID == system.ID })
		if i < 0 {
			t.Fatalf("%q: the system is not a candidate: %v", tc.in, ms)
		}
		if part, ok := r.partByPlace(ms[i], ms, &p); !ok || part.SourceID != tc.want {
			t.Errorf("partByPlace(%q) = %v %v, want %s", tc.in, part.SourceID, ok, tc.want)
		}
	}
}

// An institute written as a unit is, its head word first, after an
// organisation named by its own words ("Westbrook Tidal Laboratory,
// Institute for Kelp Research") is that organisation's unit, as after a
// university: a namesake institute abroad does not decide the party's
// country.
func TestInstituteAfterNamedOrganisation(t *testing.T) {
	lab := orgIn("0ian00001", "ch", "Westbrook", "Westbrook Tidal Laboratory", "facility")
	inst := orgIn("0ian00002", "fr", "Eastport", "Institute for Kelp Research", "facility")
	r := withTownMuseums(lab, inst)
	checkResolved(t, r, []resolveCase{
		{"Westbrook Tidal Laboratory, Institute for Kelp Research", lab.ID},
		{"Institute for Kelp Research, Westbrook Tidal Laboratory", lab.ID},
		{"Institute for Kelp Research, Eastport", inst.ID},
	})
}

// A town that ends a registry name written with a comma ("Federal
// Institute of Education, Science and Technology of Eastholm"), whose
// first part is the segment before, is the name's, not the address's:
// read as the address it left every institute of the family fitting the
// name alike, after a unit.
func TestTownEndsCommaName(t *testing.T) {
	east := orgIn("0tec00001", "br", "Kellby", "Federal Institute of Education, Science and Technology of Eastholm", "education")
	west := orgIn("0tec00002", "br", "Westholm", "Federal Institute of Education, Science and Technology of Westholm", "education")
	west.Names = append(west.Names, registry.Name{Value: "Federal Institute of Education", Types: []string{registry.NameAlias}, Lang: "en"})
	north := orgIn("0tec00003", "br", "Eastholm", "Federal Institute of Northholm", "education")
	north.Names = append(north.Names, registry.Name{Value: "Federal Institute of Education Science and Technology of", Types: []string{registry.NameAlias}, Lang: "en"})
	r := New([]registry.Org{east, west, north})
	in := "Department of Chemistry, Federal Institute of Education, Science and Technology of Eastholm, Kellby, Brazil"
	p := r.Parties(in)[0]
	if s := p.Segments[2]; s.Text != "Science and Technology of Eastholm" || s.Tokens[len(s.Tokens)-1].Role != names.RoleName {
		t.Errorf("Parties(%q): segment %q, its last word's role %v, want a name's", in, s.Text, s.Tokens[len(s.Tokens)-1].Role)
	}
	checkResolved(t, r, []resolveCase{
		{"Federal Institute of Education, Science and Technology of Eastholm", east.ID},
		{"Department of Chemistry, Federal Institute of Education, Science and Technology of Eastholm, Kellby, Brazil", east.ID},
		{"Department of Chemistry, Federal Institute of Education, Science and Technology of Westholm, Westholm, Brazil", west.ID},
	})
}

// A part is told by the place written only when no other part there fits
// as well: the screen returns a few of an organisation's parts, and a
// section in the town beside one it returned ("Section of Northtown II"
// beside "… I") leaves the town telling nothing.
func TestPartByPlaceAmongUnscreened(t *testing.T) {
	inst := orgIn("0pbu00001", "it", "Northtown", "Westland Institute of Tides", "facility")
	one := orgIn("0pbu00002", "it", "Northtown", "Westland Institute of Tides, Section of Northtown I", "facility")
	two := orgIn("0pbu00003", "it", "Northtown", "Westland Institute of Tides, Section of Northtown II", "facility")
	east := orgIn("0pbu00004", "it", "Eastby", "Westland Institute of Tides, Section of Eastby", "facility")
	for _, c := range []*registry.Org{&one, &two, &east} {
		c.Names = append(c.Names, registry.Name{Value: "Westland Institute of Tides", Types: []string{registry.NameAlias}, Lang: "en"})
		c.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: inst.ID}}
		inst.Relationships = append(inst.Relationships, registry.Relationship{Type: registry.RelChild, ID: c.ID})
	}
	r := New([]registry.Org{inst, one, two, east})
	for _, tc := range []struct {
		in   string
		want string // "" for none
	}{
		{"Department of Physics, Westland Institute of Tides, Northtown, Italy", ""},
		{"Department of Physics, Westland Institute of Tides, Eastby, Italy", east.ID},
	} {
		p := r.Parties(tc.in)[0]
		ms, err := r.ix.ScreenAffiliation(&p, leadingScreen(Options{Threshold: DefaultThreshold}))
		if err != nil {
			t.Fatal(err)
		}
		// As a screen returning the first section in Northtown, not the
		// second, would.
		ms = slices.DeleteFunc(ms, func(m match.Match) bool { return m.SourceID == two.ID })
		i := slices.IndexFunc(ms, func(m match.Match) bool { return m.SourceID == inst.ID })
		if i < 0 {
			t.Fatalf("%q: the institute is not a candidate: %v", tc.in, ms)
		}
		part, ok := r.partByPlace(ms[i], ms, &p)
		if got := map[bool]string{true: part.SourceID}[ok]; got != tc.want {
			t.Errorf("partByPlace(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A segment opening with a unit's word and then a name's own word, written
// as an organisation's registry name ("Faculdade Kellmar", a college), is
// that organisation's name, not a unit's; a unit named by its subject
// ("Faculdade de Medicina") or written as an index abbreviates a registry
// name ("Ctr Tidal Regulation") stays a unit.
func TestUnitWordOpensInstitution(t *testing.T) {
	college := orgIn("0uwo00001", "br", "Northtown", "Faculdade Kellmar", "education")
	uni := orgIn("0uwo00002", "br", "Northtown", "Universidade de Northtown", "education")
	centre := orgIn("0uwo00003", "es", "Eastby", "Centre for Tidal Regulation", "facility")
	r := New([]registry.Org{college, uni, centre})
	roles := func(in string) []names.Role {
		var out []names.Role
		for _, s := range r.Parties(in)[0].Segments {
			out = append(out, s.Role)
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want []names.Role
	}{
		{"Instituto de Física, Faculdade Kellmar, Northtown, Brasil", []names.Role{names.RoleName, names.RoleName, names.RoleAddress, names.RoleCountry}},
		{"Faculdade de Medicina, Universidade de Northtown, Brasil", []names.Role{names.RoleDept, names.RoleName, names.RoleCountry}},
		{"Ctr Tidal Regulation, Universidade de Northtown", []names.Role{names.RoleDept, names.RoleName}},
	} {
		if got := roles(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Parties(%q) roles %v, want %v", tc.in, got, tc.want)
		}
	}
	checkResolved(t, r, []resolveCase{
		{"Instituto de Física, Faculdade Kellmar, Northtown, Brasil", college.ID},
	})
}

// An academy's institute the screen did not return as fitting as well is
// named by the town written only when its name adds nothing but that town
// (and words such as "Section") to the academy's: "Westland Academy of
// Sciences, Northtown" is the academy, not its Institute of Pottery there.
func TestPartByPlaceAddsOnlyTown(t *testing.T) {
	academy := orgIn("0pat00001", "cz", "Northtown", "Westland Academy of Sciences", "government")
	pottery := orgIn("0pat00002", "cz", "Northtown", "Westland Academy of Sciences, Institute of Pottery, Northtown", "facility")
	section := orgIn("0pat00003", "cz", "Eastby", "Westland Academy of Sciences, Section of Eastby", "facility")
	for _, c := range []*registry.Org{&pottery, &section} {
		c.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: academy.ID}}
		academy.Relationships = append(academy.Relationships, registry.Relationship{Type: registry.RelChild, ID: c.ID})
	}
	r := New([]registry.Org{academy, pottery, section})
	for _, tc := range []struct {
		in   string
		want string // "" for none
	}{
		{"Westland Academy of Sciences, Northtown, Czech Republic", ""},
		{"Westland Academy of Sciences, Eastby, Czech Republic", section.ID},
	} {
		p := r.Parties(tc.in)[0]
		m := match.Match{SourceID: academy.ID, Score: 1, Match: true}
		for _, w := range []string{"westland", "academy", "science"} {
			m.Explanation = append(m.Explanation, match.Evidence{Query: w, List: w, Token: w, How: "exact", Similarity: 1, Weight: 1, Role: "name"})
		}
		part, ok := r.partByPlace(m, []match.Match{m}, &p)
		if got := map[bool]string{true: part.SourceID}[ok]; got != tc.want {
			t.Errorf("partByPlace(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// An organisation written whole and then its town ("University of
// Westmarch, Northtown") is that organisation, not another that fits as
// well only by taking the town into its name ("Universidad de Northtown
// de Westmarch"); a part named by its town still is (see partByPlace).
func TestTownNotTakenIntoName(t *testing.T) {
	uni := orgIn("0tnt00001", "cl", "Northtown", "University of Westmarch", "education")
	other := orgIn("0tnt00002", "cl", "Northtown", "Universidad de Northtown de Westmarch", "education")
	r := New([]registry.Org{uni, other,
		orgIn("0tnt00003", "cl", "Northtown", "Northtown Zoo"),
		orgIn("0tnt00004", "cl", "Eastby", "Eastby Museum")})
	checkResolved(t, r, []resolveCase{
		{"University of Westmarch, Northtown", uni.ID},
		{"Department of Physics, University of Westmarch, Northtown", uni.ID},
		{"Universidad de Northtown de Westmarch", other.ID},
	})
	// The same when the two fit exactly as well, the one taking the town
	// first.
	p := r.Parties("University of Westmarch, Northtown")[0]
	ms, err := r.ix.ScreenAffiliation(&p, leadingScreen(Options{Threshold: DefaultThreshold}))
	if err != nil {
		t.Fatal(err)
	}
	var tied []match.Match
	for _, id := range []string{other.ID, uni.ID} {
		i := slices.IndexFunc(ms, func(m match.Match) bool { return m.SourceID == id })
		if i < 0 {
			t.Fatalf("%s is not a candidate: %v", id, ms)
		}
		m := ms[i]
		m.Score, m.Match = 1, true
		tied = append(tied, m)
	}
	if got := r.pick(tied, DefaultMargin, &p); len(got) != 1 || got[0].SourceID != uni.ID {
		t.Errorf("pick of the two tied = %v, want %s", got, uni.ID)
	}
}

// A registry name with no organisation's head word and then a postcode
// ("Westland National Laboratory 94720", "KW Northtown 3001") is the
// organisation and its postcode (a segment of its own), not an address:
// the parser reads the postcode as an address's. A town and its postcode
// stay the address.
func TestNameBeforePostcode(t *testing.T) {
	lab := orgIn("0nbp00001", "us", "Berrydale", "Westland National Laboratory", "facility")
	kw := orgIn("0nbp00002", "be", "Northtown", "KW Northtown", "education")
	town := orgIn("0nbp00003", "us", "Port Alder", "Port Alder", "government") // a town's council, registered by its name
	r := withTownMuseums(lab, kw, town)
	roles := func(in string) []names.Role {
		var out []names.Role
		for _, s := range r.Parties(in)[0].Segments {
			out = append(out, s.Role)
		}
		return out
	}
	for _, tc := range []struct {
		in   string
		want []names.Role
	}{
		{"Tidal Genome Institute, Westland National Laboratory 94720", []names.Role{names.RoleName, names.RoleName, names.RoleAddress}},
		{"Department of Tides, KW Northtown 3001", []names.Role{names.RoleDept, names.RoleName, names.RoleAddress}},
		{"Westland National Laboratory, Port Alder 94720", []names.Role{names.RoleName, names.RoleAddress}},
	} {
		if got := roles(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Parties(%q) roles %v, want %v", tc.in, got, tc.want)
		}
	}
	checkResolved(t, r, []resolveCase{
		{"Tidal Genome Institute, Westland National Laboratory 94720", lab.ID},
		{"Department of Tides, KW Northtown 3001", kw.ID},
	})
}

// A postcode written after an organisation's name with no town
// ("Westland University 94720", "WU 94720") is set apart as the address:
// read within the name's segment, it kept the name from being written
// whole, so that a namesake of the same words in another order ("University
// of Westland") tied with it. A state's code and its postcode stay the
// address, as do a research unit's code and number ("UMR 5119") and a
// postal box's ("Case 9071"), and a registry name ending with a number
// keeps it.
func TestPostcodeAfterName(t *testing.T) {
	uni := withAcronym(orgIn("0pan00001", "us", "Northtown", "Westland University", "education"), "WLU")
	namesake := orgIn("0pan00002", "us", "Eastby", "University of Westland", "education")
	numbered := orgIn("0pan00003", "de", "Southby", "Kelp Institute 2000", "facility")
	// Acronyms the registry holds that are also a research unit's code
	// and a word of a postal box's.
	umr := withAcronym(orgIn("0pan00004", "us", "Westby", "Union of Marine Rowers", "nonprofit"), "UMR")
	box := withAcronym(orgIn("0pan00005", "us", "Westby", "Centre for Arctic Sea Ecology", "facility"), "CASE")
	r := withTownMuseums(uni, namesake, numbered, umr, box)
	checkSplits(t, r, []splitCase{
		{"Department of Tides, Westland University 94720", "Department of Tides|Westland University|94720", uni.ID},
		{"Department of Tides, WLU 94720", "Department of Tides|WLU|94720", uni.ID},
		{"Department of Tides, University of Westland 94720", "Department of Tides|University of Westland|94720", namesake.ID},
		{"Westland University, CA 94720", "Westland University|CA 94720", uni.ID},
		{"Kelp Institute 2000", "Kelp Institute 2000", numbered.ID},
	})
	for _, in := range []string{"Department of Tides, UMR 5119, Westby, USA", "Department of Tides, Case 9071, Northtown"} {
		if g := resolvedIDs(t, r, in); g != "" {
			t.Errorf("%q: resolved %q, want none", in, g)
		}
	}
	for in, want := range map[string]names.Role{"Department of Tides, WLU 94720": names.RoleAddress, "Westland University, CA 94720": names.RoleAddress} {
		ss := r.Parties(in)[0].Segments
		if got := ss[len(ss)-1].Role; got != want {
			t.Errorf("%q: last segment's role %v, want %v", in, got, want)
		}
	}
}

// An organisation's name written in brackets after a unit's or another
// organisation's ("Department of Tides (Westland University)", "Kelp
// Hospital (KW Northtown)") is a name segment of the party, as with a
// comma: the parser reads a parenthetical as an aside (an acronym, a
// former name), which the screen reads on its own only when it holds a
// head word and a distinctive word. A registry name word for word, or
// words with an organisation's head word or a legal form, are read so; a
// town in brackets is the address ("University of Westmarch (Eastby)",
// one of two campuses), and a parenthetical written in parts is read as
// the parts are; an acronym and a note stay asides.
func TestNamedAsides(t *testing.T) {
	uni := orgIn("0nas00001", "us", "Northtown", "Westland University", "education")
	kw := orgIn("0nas00002", "be", "Northtown", "KW Northtown", "education")
	unitNamed := orgIn("0nas00003", "ru", "Southby", "Department of Tidal Sciences", "education")
	east := orgIn("0nas00004", "us", "Eastby", "University of Westmarch, Eastby", "education")
	west := orgIn("0nas00005", "us", "Westby", "University of Westmarch, Westby", "education")
	r := withTownMuseums(uni, kw, unitNamed, east, west)
	checkResolved(t, r, []resolveCase{
		{"Department of Tidal Sciences (Westland University)", uni.ID},
		{"Department of Tides (KW Northtown)", kw.ID},
		{"Department of Tides, University of Westmarch (Eastby)", east.ID},
		{"Department of Tides, University of Westmarch, Eastby", east.ID},
		// A parenthetical written in parts is read as they are.
		{"Laboratory of Tides (Department of Kelp, KW Northtown)", kw.ID},
		{"Laboratory of Tides (Department of Kelp, KW Northtown, Belgium)", kw.ID},
	})
	for _, tc := range []struct {
		in   string
		want names.Role
	}{
		{"Department of Tides (KW Northtown)", names.RoleName},
		// The town ends the campus's registry name, as after a comma.
		{"Department of Tides, University of Westmarch (Eastby)", names.RoleName},
		{"Westland University (WLU)", names.RoleAside},
		{"Westland University (on leave)", names.RoleAside},
		{"Key Laboratory of Kelp Chemistry (Ministry of Tides)", names.RoleAside},
	} {
		ss := r.Parties(tc.in)[0].Segments
		if got := ss[len(ss)-1].Role; got != tc.want {
			t.Errorf("%q: last segment's role %d, want %d", tc.in, got, tc.want)
		}
	}
}

// A party that names a unit only, in common words and fields of study,
// before a party that names an organisation of its own ("Department of
// Biological Sciences; Westland University; Northtown", parts set apart by
// semicolons) is a part of that party, as with a comma: read alone, it
// chose a registry organisation of the same common name elsewhere. Two
// organisations of their own stay two parties.
func TestUnitPartyJoined(t *testing.T) {
	uni := orgIn("0upj00001", "us", "Northtown", "Westland University", "education")
	unitNamed := orgIn("0upj00002", "ru", "Southby", "Department of Biological Sciences", "education")
	kelp := orgIn("0upj00003", "us", "Eastby", "Kelp Institute of Tides", "facility")
	r := withTownMuseums(uni, unitNamed, kelp)
	checkResolved(t, r, []resolveCase{
		{"Department of Biological Sciences; Westland University; Northtown", uni.ID},
		{"Department of Biological Sciences, Westland University, Northtown", uni.ID},
		{"Department of Biological Sciences", unitNamed.ID},
		{"Westland University; Kelp Institute of Tides", uni.ID + " " + kelp.ID},
	})
	if n := len(r.Parties("Department of Biological Sciences; Westland University; Northtown")); n != 1 {
		t.Errorf("parties: %d, want 1 (the unit's joined to the university's, and the town as their address)", n)
	}
}

// Two capitalised words of a registry name run together with no space or
// hyphen ("TorWestmarch University", as text taken from a PDF has them)
// are read as the name's two words: read as one unknown word, the
// organisation written beside it (an acronym) was chosen instead.
func TestGluedWordsSplit(t *testing.T) {
	uni := orgIn("0gws00001", "fr", "Eastby", "Tor-Westmarch Université", "education")
	kih := withAcronym(orgIn("0gws00002", "fr", "Southby", "Kelp Institute of Health", "government"), "KIH")
	r := withTownMuseums(uni, kih)
	checkResolved(t, r, []resolveCase{
		{"TorWestmarch University, KIH", uni.ID},
		{"Tor-Westmarch University, KIH", uni.ID},
	})
}

// A unit with its organisation in brackets ("Department of Tides
// (Westland University School of Medicine)") names that organisation:
// the bracket's reading leaves the unit's words out, as a part's does.
func TestOrganisationInBrackets(t *testing.T) {
	uni := orgIn("0oib00001", "us", "Northtown", "Westland University", "education")
	r := withTownMuseums(uni, orgIn("0oib00002", "us", "Eastby", "Westland College of Music", "education"))
	checkResolved(t, r, []resolveCase{
		{"Department of Tides (Westland University School of Medicine)", uni.ID},
		{"Department of Tides, Westland University School of Medicine", uni.ID},
	})
}

// A clinical department beside a university system's bare name is at the
// campus whose school of medicine the registry names after it ("University
// of Westmarch School of Medicine", a withdrawn record of the Eastport
// campus), not at the campus the bare name fits by another of its names;
// other departments, and a campus written out, stay where they were.
func TestMedicalSchoolOfBareName(t *testing.T) {
	north := orgIn("0msb00001", "us", "Northby", "University of Westmarch, Northby", "education")
	north.Names = append(north.Names, registry.Name{Value: "Universidad de Westmarch", Types: []string{registry.NameLabel}, Lang: "es"})
	east := orgIn("0msb00002", "us", "Eastport", "University of Westmarch, Eastport", "education")
	school := orgIn("0msb00003", "us", "Eastport", "University of Westmarch School of Medicine", "education")
	school.Status = "withdrawn"
	school.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: east.ID}}
	own := orgIn("0msb00004", "us", "Southam", "Southam University", "education")
	ownSchool := orgIn("0msb00005", "us", "Southam", "Southam University School of Medicine", "education")
	ownSchool.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: own.ID}}
	orgs := []registry.Org{north, east, school, own, ownSchool}
	orgs = append(orgs, fillerOrgs("0msb1", "us", []string{"University", "School of Medicine", "Medical School"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Department of Pediatrics, University of Westmarch", east.ID},
		{"Division of Cardiology, Department of Medicine, University of Westmarch", east.ID},
		{"Department of Physics, University of Westmarch", north.ID},
		{"Department of Pediatrics, University of Westmarch, Northby", north.ID},
		// A university written whole is the one meant.
		{"Department of Pediatrics, Southam University", own.ID},
	})
}

// A campus written apart from its university's name, which the registry
// writes with it ("University of Westmarch Tidewater Medical Campus"),
// names that campus, in either order; a campus the registry does not
// name so stays the address.
func TestCampusWrittenBesideItsUniversity(t *testing.T) {
	campus := orgIn("0cwb00001", "us", "Eastport", "University of Westmarch Tidewater Medical Campus", "education")
	uni := orgIn("0cwb00002", "us", "Northby", "University of Westmarch Northby", "education")
	college := orgIn("0cwb00003", "us", "Eastport", "Westmarch College", "education")
	orgs := []registry.Org{campus, uni, college}
	orgs = append(orgs, fillerOrgs("0cwb1", "us", []string{"University", "Medical Campus", "College"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Department of Surgery, Tidewater Medical Campus, University of Westmarch", campus.ID},
		{"Department of Surgery, University of Westmarch, Tidewater Medical Campus", campus.ID},
		{"Department of Surgery, Westmarch College, Harbour Campus", college.ID},
	})
}

// A unit written with its parent under another name, one that writes the
// country's adjective for the country the parent's registry name holds
// ("Academy of Sciences of the Norwegian Republic" for "National Academy
// of Sciences of Norway"), is the unit: the string names its parent, not
// another organisation.
func TestUnitWithParentByCountryAdjective(t *testing.T) {
	acad := orgIn("0uca00001", "no", "Oslo", "National Academy of Sciences of Norway", "government")
	unit := orgIn("0uca00002", "no", "Oslo", "Institute of Tidal Mechanics", "facility")
	unit.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: acad.ID}}
	orgs := []registry.Org{acad, unit}
	orgs = append(orgs, fillerOrgs("0uca1", "no", []string{"Academy of Sciences", "Institute of Mechanics", "Republic"}, "education")...)
	r := New(orgs)
	checkResolved(t, r, []resolveCase{
		{"Institute of Tidal Mechanics, Academy of Sciences of the Norwegian Republic", unit.ID},
		// Another academy's unit of that name is another organisation.
		{"Institute of Tidal Mechanics, Academy of Sciences of the Westland Republic", ""},
	})
}

// A registry name of three common words that ends a segment without
// commas, after a unit's words, is read as an organisation of its own
// ("… Team Northern Tide Agency"); after an organisation's head word it
// may still be that organisation's own words, and is not.
func TestShortCommonNameEndsSegment(t *testing.T) {
	var orgs []registry.Org
	for i := range 110 {
		// Enough names share the words that none of them is rare.
		orgs = append(orgs, orgIn(fmt.Sprintf("0fil%05d", i), "us", "Northtown", fmt.Sprintf("Filler%c%c Northern Tide Agency Health Sciences Center", 'a'+i%26, 'a'+i/26)))
	}
	orgs = append(orgs,
		orgIn("0nta00001", "gb", "Westhaven", "Northern Tide Agency"),
		orgIn("0hsc00001", "ca", "Brackmoor", "Health Sciences Center"),
		orgIn("0wmu00001", "us", "Westmarch", "Westmarch University", "education"))
	checkResolved(t, New(orgs), []resolveCase{
		{"Kelp Team Northern Tide Agency", "https://ror.org/0nta00001"},
		{"Applied Kelp Studies Northern Tide Agency", "https://ror.org/0nta00001"},
		{"Neuroscience Center of Excellence Westmarch University Health Sciences Center", "https://ror.org/0wmu00001"},
	})
}

// A registry name read apart from a unit's words written before it
// without a comma keeps its last word when that word was read as a town
// abroad ("… University of Westmarch-Brackton", Brackton being a town of
// another country): the town's country no longer vetoes the university.
func TestNameEndingWithTownAbroadReadApart(t *testing.T) {
	r := New([]registry.Org{
		orgIn("0wbu00001", "za", "Durbanvale", "University of Westmarch-Brackton", "education"),
		orgIn("0bmu00001", "br", "Brackton", "Museum of Coastal Kelp"),
	})
	checkResolved(t, r, []resolveCase{
		{"University of Westmarch-Brackton", "https://ror.org/0wbu00001"},
		{"Kelp Health Research Institute University of Westmarch-Brackton", "https://ror.org/0wbu00001"},
		{"School of Kelp Medicine and Medical Sciences University of Westmarch-Brackton", "https://ror.org/0wbu00001"},
		// A party that names the town's country still says where.
		{"Kelp Health Research Institute University of Westmarch-Brackton Brazil", ""},
	})
}

// An acronym written before a registry name without a comma is a segment
// of its own, as it is with one, also when it is a small unit's acronym:
// the name after it is the party's organisation.
func TestAcronymBeforeNameWithoutComma(t *testing.T) {
	uni := orgIn("0nwu00001", "fr", "Northtown", "Université de Northtown", "education")
	lab := withAcronym(orgIn("0nwl00001", "fr", "Northtown", "Centre de Recherche sur les Marées", "facility"), "CRMN")
	lab.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	r := withTownMuseums(uni, lab)
	checkResolved(t, r, []resolveCase{
		{"CRMN, Université de Northtown, Northtown, France", "https://ror.org/0nwu00001"},
		{"CRMN Université de Northtown Northtown France", "https://ror.org/0nwu00001"},
		{"ZXQV Université de Northtown Northtown France", "https://ror.org/0nwu00001"},
	})
}

// A name followed by the acronym its words spell is not an organisation
// registered under other acronyms: the string's organisation calls
// itself otherwise. One registered under that acronym, or under none,
// keeps the name.
func TestOwnAcronymDiffers(t *testing.T) {
	tidal := withAcronym(org("0tcr00001", "es", "active", "Instituto de Investigación en Cambio Mareal", "Tidal Change Research Institute"), "IICM")
	kelp := withAcronym(org("0kel00001", "gb", "active", "Northwold Institute of Kelp Studies"), "NIKS")
	reef := org("0ree00001", "gb", "active", "Westmarch Institute of Reef Studies")
	r := New([]registry.Org{tidal, kelp, reef})
	checkResolved(t, r, []resolveCase{
		{"Tidal Change Research Institute", "https://ror.org/0tcr00001"},
		{"Tidal Change Research Institute  TCRI", ""},
		{"Tidal Change Research Institute (TCRI)", ""},
		{"Tidal Change Research Institute (IICM)", "https://ror.org/0tcr00001"},
		{"Northwold Institute of Kelp Studies (NIKS)", "https://ror.org/0kel00001"},
		{"Westmarch Institute of Reef Studies  WIRS", "https://ror.org/0ree00001"},
	})
}

// A university written whole, by a registry name only it holds, decides
// the party's country also when it is written first: a unit after it
// whose words a namesake abroad fits in another order is that
// university's unit, not the namesake.
func TestUniversityWrittenFirstDecidesCountry(t *testing.T) {
	uni := orgIn("0wut00001", "nl", "Westmarch", "Westmarch University of Technology", "education")
	kni := orgIn("0kni00001", "us", "Northtown", "Kelpwater Nanoscience Institute", "facility")
	r := withTownMuseums(uni, kni)
	checkResolved(t, r, []resolveCase{
		{"Department of Bionanoscience, Kelpwater Institute of Nanoscience, Westmarch University of Technology", "https://ror.org/0wut00001"},
		{"Westmarch University of Technology, Kelpwater Institute of Nanoscience, Department of Bionanoscience", "https://ror.org/0wut00001"},
		{"Kelpwater Nanoscience Institute", "https://ror.org/0kni00001"},
	})
}

// A town written in brackets after a name is read as after a comma: the
// last words of a registry name the name and the town make together, or
// where the organisation is, which tells namesakes apart. In capitals, or
// of three letters, it is most likely an acronym and says nothing of
// where.
func TestTownInBrackets(t *testing.T) {
	r := withTownMuseums(
		orgIn("0wit00001", "in", "Northtown", "Westland Institute of Technology Northtown", "education"),
		orgIn("0wit00002", "in", "Eastby", "Westland Institute of Technology Eastby", "education"),
		orgIn("0hki00001", "gb", "Kelpmouth", "Harbour Kelp Institute"),
		orgIn("0hki00002", "au", "Southport", "Harbour Kelp Institute"),
		orgIn("0chi00001", "za", "Kelpstad", "University of Kelpstad", "education"),
		orgIn("0chi00002", "cn", "Chi", "Chi Museum of Tides"),
		orgIn("0uwn00001", "us", "Northby", "University of Westmoor, Northby", "education"),
		orgIn("0uwe00001", "us", "Eastby", "University of Westmoor, Eastby", "education"),
		orgIn("0kit00001", "in", "Northtown", "Kestrel Institute of Technology Northtown", "education"),
		orgIn("0kit00002", "in", "Eastby", "Kestrel Institute of Technology Eastby", "education"),
		orgIn("0kit00003", "us", "Southport", "Kestrels Institute of Technology", "education"),
	)
	checkResolved(t, r, []resolveCase{
		{"Kestrel Institute of Technology (Northtown)", "https://ror.org/0kit00001"},
		{"University of Westmoor, Eastby", "https://ror.org/0uwe00001"},
		{"University of Westmoor (Eastby)", "https://ror.org/0uwe00001"},
		{"Department of Physics, University of Westmoor (Northby)", "https://ror.org/0uwn00001"},
		{"Westland Institute of Technology (Northtown)", "https://ror.org/0wit00001"},
		{"Westland Institute of Technology, Northtown", "https://ror.org/0wit00001"},
		{"Harbour Kelp Institute (Kelpmouth)", "https://ror.org/0hki00001"},
		{"Harbour Kelp Institute (Southport)", "https://ror.org/0hki00002"},
		{"Cape Kelp Institute (CHI), Department of Medicine, University of Kelpstad", "https://ror.org/0chi00001"},
		{"cape kelp institute (chi), department of medicine, university of kelpstad", "https://ror.org/0chi00001"},
	})
	// As the parser leaves the party for the screen: the bracketed town
	// joins the name it ends, or says where.
	for _, c := range []struct {
		in      string
		role    names.Role
		country string
	}{
		{"Westland Institute of Technology (Northtown)", names.RoleName, ""},
		{"Harbour Kelp Institute (Kelpmouth)", names.RoleAddress, "gb"},
		{"Cape Kelp Institute (CHI)", names.RoleAddress, ""},
	} {
		p := r.Parties(c.in)[0]
		last := p.Segments[len(p.Segments)-1]
		if got := strings.Join(p.Countries, " "); last.Role != c.role || got != c.country {
			t.Errorf("%q: last segment %q %s, countries %q; want %s, %q", c.in, last.Text, last.Role, got, c.role, c.country)
		}
	}
}

// Of two organisations registered under one acronym, the one in the
// state the string writes, by its postal code or its name, is meant; the
// acronym alone, or a state neither is in, leaves it unknown.
func TestAcronymInWrittenState(t *testing.T) {
	west := withAcronym(orgIn("0qru00001", "us", "Kelpport", "Quelmont River University", "education"), "QRU")
	west.Region = "California"
	east := withAcronym(orgIn("0qru00002", "us", "Northby", "Quarry Ridge University", "education"), "QRU")
	east.Region = "South Carolina"
	capital := withAcronym(orgIn("0qru00003", "us", "Marlow", "Quillon Research Union", "education"), "QRU")
	capital.Region = "District of Columbia"
	r := withTownMuseums(west, east, capital)
	checkResolved(t, r, []resolveCase{
		{"QRU / Institute of Tidal Studies, Marlow Bay, CA", "https://ror.org/0qru00001"},
		{"QRU, Marlow Bay, California", "https://ror.org/0qru00001"},
		{"QRU, Pine Hollow, SC", "https://ror.org/0qru00002"},
		{"QRU, Foggy Bottom, District of Columbia", "https://ror.org/0qru00003"},
		{"QRU, Foggy Bottom, DC", "https://ror.org/0qru00003"},
		{"QRU, Pine Hollow, South Carolina, USA", "https://ror.org/0qru00002"},
		{"QRU", ""},
		{"QRU, Pine Hollow, TX", ""},
	})
}

// A company whose registry names end with its head office's town (the
// registry's way of telling namesakes apart) is still the one meant by
// its research division in another town of its country: only a name read
// as an acronym in capitals says the town written is another one's.
func TestCompanyDivisionInAnotherTown(t *testing.T) {
	co := orgIn("0qvx00001", "us", "Eastport", "Varox & Co., Inc., Eastport, NJ, USA (United States)", "company", "funder")
	co.Names = append(co.Names, registry.Name{Value: "Varox & Co.", Types: []string{registry.NameAlias}})
	co.Region = "New Jersey"
	gb := orgIn("0qvx00002", "gb", "Kelpmouth", "Varox Ltd. (United Kingdom)", "company")
	gb.Names = append(gb.Names, registry.Name{Value: "Varox", Types: []string{registry.NameAlias}})
	fr := orgIn("0qvx00003", "fr", "Northville", "Varox S.A.S. (France)", "company")
	fr.Names = append(fr.Names, registry.Name{Value: "Varox", Types: []string{registry.NameAlias}})
	orgs := append(fillerOrgs("0qvf", "us", []string{"Research Laboratories", "Drug Research Institute", "Metabolism Research Center"}, "company"), co, gb, fr, orgIn("0phm00001", "us", "Pine Hollow", "Pine Hollow Museum"))
	r := withTownMuseums(orgs...)
	checkResolved(t, r, []resolveCase{
		{"Drug Metabolism Research, Varox Research Laboratories, 12 Hill Road, Pine Hollow, NJ 07033, USA", "https://ror.org/0qvx00001"},
		{"Varox Research Laboratories, Pine Hollow, NJ, USA", "https://ror.org/0qvx00001"},
		{"Varox Research Laboratories, Kelpmouth, UK", "https://ror.org/0qvx00002"},
	})
}

// A town written after a unit's segment alone leads to the university
// named after it, whether the parser's lexicon knows the town (and read
// it as an address) or only the registry does, and with a postcode or
// state code after it; an address without a unit does not.
func TestTownAfterUnitAlone(t *testing.T) {
	r := withTownMuseums(append(fillerOrgs("0fil", "us", []string{"University", "Institute", "Centre"}, "education"),
		orgIn("0msu00001", "kr", "Seoul", "University of Seoul", "education"),
		orgIn("0ntu00001", "us", "Northtown", "Northtown University", "education"),
	)...)
	checkResolved(t, r, []resolveCase{
		{"Department of Physics, Seoul", "https://ror.org/0msu00001"},
		{"Department of Physics, Kelp Road, Seoul 02504", "https://ror.org/0msu00001"},
		{"Department of Physics, Northtown", "https://ror.org/0ntu00001"},
		{"Department of Physics, Northtown NJ 08544", "https://ror.org/0ntu00001"},
		{"60, Seoul, Korea", ""},
	})
}

// A research unit's code written beside a name two namesakes share tells
// which of them is meant when one registers it among its names, spaced or
// run together; a code neither holds leaves the name ambiguous.
func TestUnitCodeTellsNamesakes(t *testing.T) {
	south := orgIn("0cpq00001", "fr", "Kelpmouth", "Centre de Physique Quelmontaise")
	south.Names = append(south.Names, registry.Name{Value: "UMR 9901", Types: []string{registry.NameAlias}}, registry.Name{Value: "UMR9901", Types: []string{registry.NameAlias}})
	north := orgIn("0cpq00002", "fr", "Northville", "Centre de Physique Quelmontaise")
	north.Names = append(north.Names, registry.Name{Value: "UMR 9902", Types: []string{registry.NameAlias}})
	r := withTownMuseums(south, north)
	checkResolved(t, r, []resolveCase{
		{"Centre de Physique Quelmontaise - UMR 9901", "https://ror.org/0cpq00001"},
		{"Centre de Physique Quelmontaise, UMR9901", "https://ror.org/0cpq00001"},
		{"Centre de Physique Quelmontaise, UMR 9902", "https://ror.org/0cpq00002"},
		{"Centre de Physique Quelmontaise, UMR 9903", ""},
		{"Centre de Physique Quelmontaise", ""},
	})
}

// A Max Planck institute is written as authors shorten it, in English or
// German ("MPI for Tidal Studies", "MPI für Gezeitenkunde").
func TestMaxPlanckShortened(t *testing.T) {
	mpi := org("0mpi00001", "de", "active", "Max Planck Institute for Tidal Studies", "Max-Planck-Institut für Gezeitenkunde")
	other := org("0mpi00002", "de", "active", "Max Planck Institute of Kelp Biology")
	aliases, _ := derivedAliases([]registry.Org{mpi, other})
	if want := map[string][]string{mpi.ID: {"MPI for Tidal Studies", "MPI für Gezeitenkunde"}, other.ID: {"MPI of Kelp Biology"}}; !reflect.DeepEqual(aliases, want) {
		t.Errorf("derived aliases = %q, want %q", aliases, want)
	}
	r := New([]registry.Org{mpi, other})
	checkIDs(t, r, map[string][]string{
		"Coastal Group, MPI for Tidal Studies, Northvale, Germany": {mpi.ID},
		"MPI für Gezeitenkunde, Northvale":                         {mpi.ID},
		"MPI of Kelp Biology":                                      {other.ID},
	})
}

// A research unit's code alone as a part of the string names the one
// registry organisation that holds it as a name (under one or several of
// its names: "UMR 9901", "UMR-9901"), spaced or run together;
// then a town after a unit's name is no university named after the town.
// A code no organisation holds is an address as before.
func TestUnitCodeAsName(t *testing.T) {
	lab := orgIn("0ucn00001", "fr", "Northville", "Laboratoire des Marées Quelmontaises")
	lab.Names = append(lab.Names, registry.Name{Value: "UMR 9901", Types: []string{registry.NameAlias}}, registry.Name{Value: "UMR9901", Types: []string{registry.NameAlias}},
		registry.Name{Value: "UMR CNRS 9901", Types: []string{registry.NameAlias}}, registry.Name{Value: "UMR-9901", Types: []string{registry.NameAlias}})
	// An Inserm unit's code that a retired unit held before the one
	// holding it now.
	now := orgIn("0ucn00003", "fr", "Northville", "Laboratoire de Kelpologie", "facility")
	now.Names = append(now.Names, registry.Name{Value: "UMRS 9911", Types: []string{registry.NameAlias}})
	before := org("0ucn00004", "fr", "inactive", "Laboratoire de Kelpologie Ancienne", "UMRS 9911")
	before.City = "Northville"
	r := withTownMuseums(append(fillerOrgs("0fil", "fr", []string{"Université", "Institut", "Centre"}, "education"),
		lab, now, before, orgIn("0ucn00002", "fr", "Northville", "Université de Northville", "education"))...)
	checkResolved(t, r, []resolveCase{
		{"Department of Tides, UMR 9901, Northville, France", "https://ror.org/0ucn00001"},
		{"Department of Tides, UMRS 9911, Northville, France", "https://ror.org/0ucn00003"},
		{"Department of Tides, UMR9901, Northville, France", "https://ror.org/0ucn00001"},
		{"Department of Tides, UMR CNRS 9901, Northville, France", "https://ror.org/0ucn00001"},
		{"Department of Tides, UMR 9909, Northville, France", "https://ror.org/0ucn00002"},
	})
}

// An acronym more organisations hold than the leader reads at first (a
// state university's, held by a dozen) is told apart by the town written
// whichever of its holders it is.
func TestAcronymOfManyInWrittenTown(t *testing.T) {
	var orgs []registry.Org
	for i, n := range []string{"Quarry", "Quelmont", "Quill", "Quorn", "Quince", "Quayside", "Quagmire"} {
		orgs = append(orgs, withAcronym(orgIn(fmt.Sprintf("0qsu0000%d", i), "us", n+"ton", n+" State University", "education"), "QSU"))
	}
	r := withTownMuseums(orgs...)
	checkResolved(t, r, []resolveCase{
		{"Department of Tides, QSU, Quagmireton", "https://ror.org/0qsu00006"},
		{"QSU, Quincetion", ""},
		{"QSU, Quinceton, USA", "https://ror.org/0qsu00004"},
		{"Department of Tides, QSU, Quarryton", "https://ror.org/0qsu00000"},
		{"QSU", ""},
	})
}

// Two capitals read as a country's code before another country written by
// name are an organisation's acronym ("…, RU, Kelpton, United States"); a
// code written last is still the country.
func TestCountryCodeBeforeCountry(t *testing.T) {
	ru := withAcronym(orgIn("0rcu00001", "us", "Kelpton", "Rivermouth University", "education"), "RU")
	r := withTownMuseums(append(fillerOrgs("0fil", "us", []string{"University", "Institute", "Centre"}, "education"), ru)...)
	checkResolved(t, r, []resolveCase{
		{"Department of Tides, RU, Kelpton, United States", "https://ror.org/0rcu00001"},
	})
	for in, want := range map[string][]string{
		"Department of Tides, RU, Kelpton, United States": {"us"},
		"Department of Tides, Kelpton, RU":                {"ru"},
		"Department of Tides, CN, Kelpton, USA, CN":       {"cn", "us"},
	} {
		ps := r.Parties(in)
		if len(ps) != 1 || !slices.Equal(ps[0].Countries, want) {
			t.Errorf("Parties(%q) countries = %v, want %v", in, ps, want)
		}
	}
}

// A unit's name that two laboratories of one national organisation share,
// in two towns, written with its town and nothing else names the one
// there: not a unit of the university named after the town, and the two
// are no campuses of one organisation for sharing a parent.
func TestSharedLabNameInTown(t *testing.T) {
	parent := orgIn("0stl00009", "fr", "Eastport", "Centre National de Quelmont", "government")
	north := orgIn("0stl00001", "fr", "Northville", "Centre de Chimie Théorique", "facility")
	south := orgIn("0stl00002", "fr", "Kelpmouth", "Centre de Chimie Théorique", "facility")
	for _, o := range []*registry.Org{&north, &south} {
		o.Relationships = append(o.Relationships, registry.Relationship{Type: registry.RelParent, ID: parent.ID, Label: parent.DisplayName()})
	}
	r := withTownMuseums(append(fillerOrgs("0fil", "fr", []string{"Université", "Institut", "Centre"}, "education"),
		parent, north, south, orgIn("0stl00003", "fr", "Northville", "Université de Northville", "education"))...)
	checkResolved(t, r, []resolveCase{
		{"Centre de Chimie Théorique, Northville, France", "https://ror.org/0stl00001"},
		{"Centre de Chimie Théorique, Kelpmouth, France", "https://ror.org/0stl00002"},
		{"Department of Tides, Centre de Chimie Théorique, Kelpmouth", "https://ror.org/0stl00002"},
		{"Centre de Chimie Théorique, Eastport, France", ""},
		{"Department of Tides, Northville, France", "https://ror.org/0stl00003"},
	})
}

// A university hospital whose name holds the university's, written with
// its town alone, is the organisation meant, though the university's
// registry name ends with that town: the town written is where, not the
// university's name beside the hospital's.
func TestHospitalNamedWithUniversityInTown(t *testing.T) {
	uni := orgIn("0qhu00001", "nl", "Northville", "Quelmont University Northville", "education")
	umc := orgIn("0qhu00002", "nl", "Northville", "Quelmont University Medical Center", "healthcare")
	r := withTownMuseums(append(fillerOrgs("0fil", "nl", []string{"University", "Medical Center", "Institute"}, "education"), uni, umc)...)
	checkResolved(t, r, []resolveCase{
		{"Quelmont University Medical Center, Northville", "https://ror.org/0qhu00002"},
		{"Quelmont University Medical Center, Northville, The Netherlands", "https://ror.org/0qhu00002"},
		{"Department of Tides, Quelmont University Northville", "https://ror.org/0qhu00001"},
	})
}

// A unit's name that is an organisation's registry name, written with that
// organisation's town and nothing else, names it: not a unit of the
// university named after the town. Written with another town, it is still
// read as a unit there, the town as a name.
func TestUnitNamedInItsTown(t *testing.T) {
	centre := orgIn("0unt00001", "fr", "Northville", "Centre de Chimie Marine", "facility")
	r := withTownMuseums(append(fillerOrgs("0fil", "fr", []string{"Université", "Institut", "Centre"}, "education"),
		centre, orgIn("0unt00002", "fr", "Northville", "Université de Northville", "education"),
		orgIn("0unt00003", "fr", "Kelpmouth", "Université de Kelpmouth", "education"))...)
	checkResolved(t, r, []resolveCase{
		{"Centre de Chimie Marine, Northville", "https://ror.org/0unt00001"},
		{"Department of Tides, Centre de Chimie Marine, Northville", "https://ror.org/0unt00001"},
		{"Department of Tides, Northville", "https://ror.org/0unt00002"},
		// A post box or a street written before the town changes nothing.
		{"Centre de Chimie Marine, P.O. Box 1234, Northville", "https://ror.org/0unt00001"},
		{"Centre de Chimie Marine, 12 Rue des Vagues, Northville, France", "https://ror.org/0unt00001"},
	})
	// Read so by the parties themselves, the town as the address.
	for in, want := range map[string][]names.Role{
		"Centre de Chimie Marine, Northville":                      {names.RoleName, names.RoleAddress},
		"Department of Tides, Centre de Chimie Marine, Northville": {names.RoleDept, names.RoleName, names.RoleAddress},
		"Centre de Chimie Marine, Kelpmouth":                       {names.RoleDept, names.RoleName},
		"Centre de Chimie Marine, P.O. Box 1234, Northville":       {names.RoleName, names.RoleAddress, names.RoleAddress},
	} {
		ps := r.Parties(in)
		var got []names.Role
		for _, s := range ps[0].Segments {
			got = append(got, s.Role)
		}
		if len(ps) != 1 || !slices.Equal(got, want) {
			t.Errorf("Parties(%q) roles = %v, want %v", in, got, want)
		}
	}
}

// An acronym in capitals written as a part of its own, which one
// candidate holds exactly, is not another candidate's word spelt
// otherwise ("NARIT" is no "North"): the acronym's holder is meant, though
// the other scores higher by the town it also fits (the scores of a large
// registry, where the town's words are rare, are written out here).
func TestAcronymNotReadAsWord(t *testing.T) {
	inst := withAcronym(orgIn("0arw00001", "th", "Quill Marsh", "Quill Marsh Institute of Tidal Research", "facility"), "NARIT")
	uni := orgIn("0arw00002", "th", "Quill Marsh", "North Quill Marsh University", "education")
	r := withTownMuseums(append(fillerOrgs("0fil", "th", []string{"University", "Institute", "Centre"}, "education"), inst, uni)...)
	a := r.Parties("NARIT, Quill Marsh")[0]
	byWord := match.Match{SourceID: uni.ID, Name: uni.DisplayName(), MatchedName: uni.DisplayName(), Score: 0.89, Match: true, Explanation: []match.Evidence{
		{Query: "narit", List: "north", Token: "north", How: string(names.HowTransliterated), Similarity: 0.85, Weight: 8, Role: "name"},
		{Query: "quill", List: "quill", Token: "quill", How: string(names.HowExact), Similarity: 1, Weight: 10, Role: "address"},
		{Query: "marsh", List: "marsh", Token: "marsh", How: string(names.HowExact), Similarity: 1, Weight: 10, Role: "address"},
	}}
	byAcr := match.Match{SourceID: inst.ID, Name: inst.DisplayName(), MatchedName: "NARIT", Score: 0.82, Explanation: []match.Evidence{
		{Query: "narit", List: "narit", Token: "narit", How: string(names.HowExact), Similarity: 1, Weight: 8, Role: "name"},
		{How: "country_match+acronym_only", Similarity: 0, Weight: 0.82, Note: "th"},
	}}
	// Above the threshold, the other is not chosen; the acronym's
	// holder, below it, is then read as the leader.
	if got := r.pickNoting([]match.Match{byWord, byAcr}, DefaultMargin, &a, nil); len(got) != 0 {
		t.Errorf("pick = %v, want none", got)
	}
	if got := r.leader([]match.Match{byAcr}, &a); len(got) != 1 || got[0].SourceID != inst.ID {
		t.Errorf("leader = %v, want the acronym's holder %s", got, inst.ID)
	}
	checkResolved(t, r, []resolveCase{
		{"NARIT, Quill Marsh", "https://ror.org/0arw00001"},
		{"North Quill Marsh University", "https://ror.org/0arw00002"},
	})
}

// A region of the registry's gazetteer written between a town and the
// country is the address, not the name of an organisation registered
// after the region (a national institute's regional centre).
func TestRegionAfterTownIsAddress(t *testing.T) {
	inst := orgIn("0rat00001", "fr", "Northville", "Quelmont Tidal Laboratory", "facility")
	inst.Region = "Kelp Coast-Sud"
	centre := orgIn("0rat00002", "fr", "Eastport", "Centre Kelp Coast-Sud", "government")
	centre.Region = "Kelp Coast-Sud"
	// The region's own government, registered under the region's name:
	// written between a town and the country after an organisation's
	// name, the region is still that name's address.
	gov := orgIn("0rat00003", "fr", "Eastport", "Région Pelican Coast", "government")
	gov.Region = "Pelican Coast"
	gov.Names = append(gov.Names, registry.Name{Value: "Pelican Coast", Types: []string{"label"}, Lang: "fr"})
	lab := orgIn("0rat00004", "fr", "Northville", "Quelmont Marsh Observatory", "facility")
	lab.Region = "Pelican Coast"
	r := withTownMuseums(append(fillerOrgs("0fil", "fr", []string{"Université", "Institut", "Centre"}, "education"), inst, centre, gov, lab)...)
	checkResolved(t, r, []resolveCase{
		{"Department of Tides, QTL, Northville, Kelp Coast-Sud, France", ""},
		{"Quelmont Tidal Laboratory, Northville, Kelp Coast-Sud, France", "https://ror.org/0rat00001"},
		{"Centre Kelp Coast-Sud, Eastport, France", "https://ror.org/0rat00002"},
		{"Quelmont Marsh Observatory, Northville, Pelican Coast, France", "https://ror.org/0rat00004"},
		// The town with its postcode ("…, Hefei 230026, Anhui, China").
		{"Department of Tides, QTL, Northville 13001, Kelp Coast-Sud, France", ""},
		{"Quelmont Marsh Observatory, Northville 13001, Pelican Coast, France", "https://ror.org/0rat00004"},
		{"Unheard Dune Studies Group, Northville 13001, Pelican Coast, France", ""},
		// The region with its postcode ("…, Pune, Maharashtra 411008, India").
		{"Unheard Dune Studies Group, Northville, Pelican Coast 13001, France", ""},
		{"Quelmont Marsh Observatory, Northville, Pelican Coast 13001, France", "https://ror.org/0rat00004"},
		{"Unheard Dune Studies Group, Northville, Pelican Coast, France", ""},
		// The town's postcode set apart ("…, Pune - 411008, Maharashtra, India").
		{"Unheard Dune Studies Group, Northville - 13001, Pelican Coast, France", ""},
		{"Quelmont Marsh Observatory, Northville - 13001, Pelican Coast, France", "https://ror.org/0rat00004"},
		{"Région Pelican Coast, Eastport, France", "https://ror.org/0rat00003"},
	})
	for _, in := range []string{"Department of Tides, QTL, Northville, Kelp Coast-Sud, France", "Unheard Dune Studies Group, Northville 13001, Pelican Coast, France", "Unheard Dune Studies Group, Northville, Pelican Coast 13001, France", "Unheard Dune Studies Group, Northville - 13001, Pelican Coast, France"} {
		a := r.Parties(in)[0]
		for _, s := range a.Segments {
			if strings.HasPrefix(s.Text, "Kelp Coast-Sud") || strings.HasPrefix(s.Text, "Pelican Coast") {
				if s.Role != names.RoleAddress {
					t.Errorf("%q: region's role = %v, want address", in, s.Role)
				}
			}
		}
	}
}

// A town that only resembles a company's name is no evidence of the
// company, though the country the company's registry name adds in
// brackets is the party's: the country is no second word of the name.
func TestLookalikeTownBesideCountry(t *testing.T) {
	ev := func(q, l, how, role string) match.Evidence {
		return match.Evidence{Query: q, List: l, Token: l, How: how, Similarity: 1, Weight: 5, Role: role}
	}
	for _, tc := range []struct {
		name string
		m    match.Match
		want bool
	}{
		{"town and country", match.Match{MatchedName: "Quarrington Research, Inc. (United States)", Explanation: []match.Evidence{
			ev("quarlington", "quarrington", string(names.HowTypo), "name"),
			ev("united", "united", string(names.HowExact), "country"),
			ev("states", "states", string(names.HowExact), "country"),
		}}, true},
		{"two words of the name", match.Match{MatchedName: "Quarrington Research", Explanation: []match.Evidence{
			ev("quarlington", "quarrington", string(names.HowTypo), "name"),
			ev("research", "research", string(names.HowExact), "name"),
		}}, false},
	} {
		if got := oneWordLookalike(tc.m); got != tc.want {
			t.Errorf("%s: oneWordLookalike = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// An acronym written after a name whose organisation registers it
// abbreviates that name, though another organisation holds the same
// letters ("… (QTS)" beside the Quelmont Tidal Studies centre, not the
// other QTS).
func TestAcronymOfNameWrittenBeside(t *testing.T) {
	centre := withAcronym(orgIn("0aon00001", "fr", "Northville", "Centre de Recherche et d’Enseignement des Sciences Tidales", "facility"), "CERESTI")
	other := withAcronym(orgIn("0aon00002", "fr", "Kelpmouth", "Centre de Recherche en Stratégie", "facility"), "CERESTI")
	r := withTownMuseums(append(fillerOrgs("0fil", "fr", []string{"Université", "Institut", "Centre"}, "education"), centre, other)...)
	checkResolved(t, r, []resolveCase{
		{"Department of Chemistry, Centre de Recherche et d’Enseignement des Sciences Tidales (CERESTI), Northville, France", "https://ror.org/0aon00001"},
		{"Centre de Recherche en Stratégie (CERESTI), Kelpmouth", "https://ror.org/0aon00002"},
	})
}

// A system of institutions is named so by "System" ending its name or
// opening what it is a system of; an organisation with parts whose name
// holds a field called a system ("Earth System Research") is no system,
// and its own name written whole names it.
func TestNamesSystem(t *testing.T) {
	for name, want := range map[string]bool{
		"University of Westmarch System":               true,
		"Northtown Health System":                      true,
		"University System of Westmarch":               true,
		"Westmarch System of Higher Education":         true,
		"University of Kelp Help System DALTA":         true,
		"Quelmont Institute for Earth System Research": false,
		"The Enteric Nervous System in Tides":          false,
		"NOAA Earth System Research Laboratory":        false,
	} {
		if got := namesSystem(name); got != want {
			t.Errorf("namesSystem(%q) = %v, want %v", name, got, want)
		}
	}
	society := orgIn("0nsy00001", "de", "Northville", "Quelmont Society for Earth System Research", "nonprofit")
	var orgs []registry.Org
	for i, n := range []string{"Quelmont Museum of Tides", "Quelmont Kelp Station"} {
		part := orgIn(fmt.Sprintf("0nsy0000%d", i+2), "de", "Eastport", n, "facility")
		part.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: society.ID, Label: society.DisplayName()}}
		society.Relationships = append(society.Relationships, registry.Relationship{Type: registry.RelChild, ID: part.ID, Label: n})
		orgs = append(orgs, part)
	}
	r := withTownMuseums(append(orgs, society)...)
	checkResolved(t, r, []resolveCase{
		{"Quelmont Society for Earth System Research, Northville, Germany", "https://ror.org/0nsy00001"},
	})
}

// An organisation written out whole with the town of its head office is
// that organisation, not its centre whose name holds the town's word in
// another place's name ("… centre de Northville-Saltmere", in Saltmere).
func TestTownWordInSiteName(t *testing.T) {
	parent := orgIn("0tws00001", "fr", "Northville", "Commissariat aux Marées", "government")
	site := orgIn("0tws00002", "fr", "Saltmere", "Commissariat aux Marées centre de Northville-Saltmere", "government")
	site.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: parent.ID, Label: parent.DisplayName()}}
	parent.Relationships = []registry.Relationship{{Type: registry.RelChild, ID: site.ID, Label: site.DisplayName()}}
	r := withTownMuseums(append(fillerOrgs("0fil", "fr", []string{"Université", "Institut", "Centre"}, "education"), parent, site)...)
	a := r.Parties("Commissariat aux Marées, Northville")[0]
	ev := func(q, how, role string) match.Evidence {
		return match.Evidence{Query: q, List: q, Token: q, How: how, Similarity: 1, Weight: 8, Role: role}
	}
	whole := match.Match{SourceID: parent.ID, Name: parent.DisplayName(), MatchedName: parent.DisplayName(), Score: 1, Match: true, Explanation: []match.Evidence{
		ev("commissariat", "exact", "name"), ev("marees", "exact", "name"),
	}}
	centre := match.Match{SourceID: site.ID, Name: site.DisplayName(), MatchedName: site.DisplayName(), Score: 0.86, Match: true, Explanation: []match.Evidence{
		ev("commissariat", "exact", "name"), ev("marees", "exact", "name"), ev("northville", "exact", "address"),
		{List: "saltmere", Token: "saltmere", How: "unmatched_list", Weight: 8},
	}}
	got := r.pickNoting([]match.Match{whole, centre}, DefaultMargin, &a, nil)
	if len(got) != 1 || got[0].SourceID != parent.ID {
		t.Errorf("pick = %v, want the organisation %s", got, parent.ID)
	}
}

// checkIDs resolves each string of cases and checks the organisations
// chosen, in order.
func checkIDs(t *testing.T, r *Resolver, cases map[string][]string) {
	t.Helper()
	for in, want := range cases {
		res, err := r.Resolve(in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, want) {
			t.Errorf("Resolve(%q) = %v, want %v", in, got, want)
		}
	}
}

// A part of an organisation in the town written is the organisation at
// that site unless its name adds a head word and a distinctive word the
// string leaves unwritten: an academy's institute in that town is a unit
// in its own right ("Westland Academy of Sciences, Institute of
// Biophysics"), not what "Westland Academy of Sciences, Quarryton" means;
// a university's campus there is the university at that town.
func TestPartInTownWithOwnWords(t *testing.T) {
	academy := orgIn("0pow00099", "cz", "Kelpton", "Westland Academy of Sciences", "government")
	bio := orgIn("0pow00001", "cz", "Quarryton", "Westland Academy of Sciences, Institute of Biophysics", "facility")
	bio.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: academy.ID}}
	// A campus adds a name of its own too, but no head word: it is the
	// university at that town.
	uni := orgIn("0pow00098", "ca", "Kelpton", "Hollins Valley University", "education")
	campus := orgIn("0pow00002", "ca", "Quarryton", "Hollins Valley University, Tamarack Campus", "education")
	campus.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	r := withTownMuseums(academy, bio, uni, campus)
	checkResolved(t, r, []resolveCase{
		{"Westland Academy of Sciences, Quarryton, Czechia", academy.ID},
		{"Tidal Observatory, Westland Academy of Sciences, Quarryton", academy.ID},
		{"Institute of Biophysics, Westland Academy of Sciences, Quarryton", bio.ID},
		{"Department of Tides, Hollins Valley University, Quarryton", campus.ID},
	})
}

// A part whose registry name opens with its parent's ("X University
// Ashvale Hospital", "X University, Tamsin Campus"), written whole, names
// the part only: the parent fits its own words as well, but only inside
// the part's name or beside it as the part's own first words. A parent
// written on its own after a unit the registry names with it is still
// named beside the unit.
func TestPartOpeningWithParentName(t *testing.T) {
	uni := orgIn("0pop00001", "gb", "Eastmere", "Brackenmoor University", "education")
	hosp := orgIn("0pop00002", "gb", "Eastmere", "Brackenmoor University Ashvale Hospital", "healthcare")
	campus := orgIn("0pop00003", "gb", "Fernby", "Brackenmoor University, Tamsin Campus", "education")
	inst := orgIn("0pop00004", "gb", "Eastmere", "Institute of Tidal Optics, Brackenmoor University", "facility")
	for _, o := range []*registry.Org{&hosp, &campus, &inst} {
		o.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	}
	r := withTownMuseums(uni, hosp, campus, inst)
	checkResolved(t, r, []resolveCase{
		{"Brackenmoor University Ashvale Hospital, Eastmere, United Kingdom", hosp.ID},
		{"Department of Surgery, Brackenmoor University Ashvale Hospital", hosp.ID},
		{"Brackenmoor University, Tamsin Campus, Fernby, United Kingdom", campus.ID},
		{"Department of Tides, Brackenmoor University, Eastmere", uni.ID},
		{"Institute of Tidal Optics, Brackenmoor University, Eastmere", inst.ID + " " + uni.ID},
	})
}

// "and" after a party's address opens another party when a registry name
// follows it ("X University, Eastmere, and Y Institute, Fernby"), with the
// comma before "and" or without it; units listed with "and" stay one
// party's.
func TestAndAfterAddressOpensParty(t *testing.T) {
	uni := orgIn("0paa00001", "gb", "Eastmere", "Brackenmoor University", "education")
	inst := orgIn("0paa00002", "gb", "Fernby", "Quillon Institute of Technology", "education")
	r := withTownMuseums(uni, inst)
	both := uni.ID + " " + inst.ID
	checkResolved(t, r, []resolveCase{
		{"Department of Physics, Brackenmoor University, Eastmere, and Quillon Institute of Technology, Fernby, United Kingdom", both},
		{"Brackenmoor University, Eastmere and Quillon Institute of Technology, Fernby, United Kingdom", both},
		{"Department of Physics, and Department of Chemistry, Brackenmoor University, Eastmere", uni.ID},
		{"Department of Physics, Eastmere and Department of Chemistry, Brackenmoor University", uni.ID},
	})
}

// A misspelt institutional word that a registry name misspells too, and
// that the respelling therefore leaves as written ("Univesity"), still
// writes the name in its own word order: "Univesity of Jarrow" is the
// University of Jarrow, not Jarrow University.
func TestMisspeltWordTheRegistryWritesToo(t *testing.T) {
	typo := orgIn("0mwr00001", "in", "Fenwick", "Fenwick Univesity Northshire", "education")
	uoj := orgIn("0mwr00002", "gb", "Jarrow", "University of Jarrow", "education")
	ju := orgIn("0mwr00003", "gb", "Jarrow", "Jarrow University", "education")
	ju.Relationships = []registry.Relationship{{Type: registry.RelRelated, ID: typo.ID}, {Type: registry.RelRelated, ID: uoj.ID}}
	r := withTownMuseums(typo, uoj, ju)
	checkResolved(t, r, []resolveCase{
		{"Univesity of Jarrow, Jarrow, United Kingdom", uoj.ID},
		{"Department of Tides, Jarrow Univesity, Jarrow", ju.ID},
		{"University of Jarrow, Jarrow, United Kingdom", uoj.ID},
	})
}

// A country written after the name explains no word of another
// organisation's name that holds it only as its adjective: "Westport
// Medical University, China" is that university, not the Westport
// University of Chinese Medicine, whose "Chinese" the country would
// otherwise explain.
func TestCountryExplainsNoAdjective(t *testing.T) {
	wmu := orgIn("0cea00001", "cn", "Westport", "Westport Medical University", "education")
	wcm := orgIn("0cea00002", "cn", "Westport", "Westport University of Chinese Medicine", "education")
	wcm.Relationships = []registry.Relationship{{Type: registry.RelRelated, ID: wmu.ID}}
	r := withTownMuseums(wmu, wcm)
	checkResolved(t, r, []resolveCase{
		{"Westport Medical University, China", wmu.ID},
		{"School of Nursing, Westport Medical University, Westport, China", wmu.ID},
		{"Westport University of Chinese Medicine, Westport, China", wcm.ID},
	})
}

// Namesakes written otherwise but with the same words ("Saint Odile's
// University", "St. Odile's University") are told apart by the town the
// string writes, as namesakes written alike are: the town says which is
// meant even where the string writes the other's spelling.
func TestNamesakesSpeltOtherwiseInTown(t *testing.T) {
	marlow := orgIn("0nso00001", "gb", "Marlow", "Saint Odile's University", "education")
	bexley := orgIn("0nso00002", "gb", "Bexley", "St. Odile's University", "education")
	r := withTownMuseums(marlow, bexley)
	checkResolved(t, r, []resolveCase{
		{"Saint Odile's University, Bexley, United Kingdom", bexley.ID},
		{"St Odile's University, Marlow", marlow.ID},
		{"Department of Tides, Saint Odile's University, Marlow", marlow.ID},
	})
}

// A typo in a word of an English name finds that name though a Chinese
// name of another organisation holds a word standing for it ("天文台",
// astronomical observatory): both read it as one token.
func TestTypoBesideChineseName(t *testing.T) {
	wari := orgIn("0tbc00001", "th", "Kelpton", "Westland Astronomical Research Institute", "facility")
	obs := orgIn("0tbc00002", "cn", "Quarryton", "Quarryton Observatory", "facility")
	obs.Names = append(obs.Names, registry.Name{Value: "采石天文台", Types: []string{registry.NameLabel}, Lang: "zh"})
	r := withTownMuseums(wari, obs)
	checkResolved(t, r, []resolveCase{
		{"Westland Astronmical Research Institute, Kelpton", wari.ID},
		{"Westland Astronomical Research Institute", wari.ID},
	})
}

// A university system written before one of its institutions, whose
// name the system's holds with "System" after it ("Westmarch University
// System, Westmarch University"), names the institution: the system's
// name explains more words only because it is the parent's.
func TestSystemBeforeItsInstitution(t *testing.T) {
	sys := orgIn("0sbi00001", "us", "Eastport", "Westmarch University System", "education")
	uni := orgIn("0sbi00002", "us", "Westmarch", "Westmarch University", "education", "funder")
	uni.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: sys.ID}}
	// A seat and its campus elsewhere, both registered under the bare
	// name too: the seat's name written across a segment of its own
	// ("…, Nangfield") is no system's.
	seat := orgIn("0sbi00003", "af", "Jalton", "Quillon Institute of Higher Education, Nangfield", "education")
	seat.Names = append(seat.Names, registry.Name{Value: "Quillon Institute of Higher Education", Types: []string{registry.NameAlias}})
	campus := orgIn("0sbi00004", "af", "Kabford", "Quillon Institute of Higher Education, Kabford", "education")
	campus.Names = append(campus.Names, registry.Name{Value: "Quillon Institute of Higher Education", Types: []string{registry.NameAlias}})
	campus.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: seat.ID}}
	r := withTownMuseums(sys, uni, seat, campus)
	checkResolved(t, r, []resolveCase{
		{"Westmarch University System, Westmarch University, Westmarch, United States", uni.ID},
		{"Department of Tides, Westmarch University, Westmarch University System", uni.ID},
		{"Westmarch University System, Eastport", sys.ID},
		{"Quillon Institute of Higher Education, Nangfield, Jalton, Afghanistan", seat.ID},
	})
}

// Two organisations joined by "and" are two parties also when one's name
// is held by namesakes abroad ("Dunmore University"): the country
// written after both tells which is meant.
func TestJoinedNameOfNamesakes(t *testing.T) {
	bu := orgIn("0jnn00001", "gb", "Eastmere", "Brackenmoor University", "education")
	du := orgIn("0jnn00002", "gb", "Dunmore", "Dunmore University", "education")
	da := orgIn("0jnn00003", "au", "Perthshire", "Dunmore University", "education")
	r := withTownMuseums(bu, du, da)
	checkResolved(t, r, []resolveCase{
		{"Brackenmoor University and Dunmore University, United Kingdom", bu.ID + " " + du.ID},
		{"Dunmore University, Australia", da.ID},
	})
}

// "and" after an organisation's name opens another party when a registry
// name follows it ("X University, and Y Medical Center, Northtown"): the
// address after the second is both's. A unit after "and" stays the
// first's.
func TestAndAfterNameOpensParty(t *testing.T) {
	uni := orgIn("0pan00001", "gb", "Eastmere", "Brackenmoor University", "education")
	hosp := orgIn("0pan00002", "gb", "Eastmere", "Quillon Veterans Medical Center", "healthcare")
	r := withTownMuseums(uni, hosp)
	checkResolved(t, r, []resolveCase{
		{"Division of Nephrology, Brackenmoor University, and Quillon Veterans Medical Center, Eastmere, United Kingdom", uni.ID + " " + hosp.ID},
		{"Department of Physics, Brackenmoor University, and Department of Chemistry, Eastmere, United Kingdom", uni.ID},
		{"Department of Physics, Brackenmoor University, and Institute of Tidal Studies, Eastmere", uni.ID},
	})
}

// A name found inside a segment written without commas does not run
// across a "The" that opens the next name ("… Marine Science The
// University of Eastmere" holds no "Science University of Eastmere"),
// unless the registry name writes "the" there itself.
func TestEmbeddedNameStopsAtThe(t *testing.T) {
	uni := orgIn("0pth00001", "jp", "Eastmere", "The University of Eastmere", "education")
	sci := org("0pth00002", "jp", "active", "Eastmere University of Science", "Science University of Eastmere")
	sci.City, sci.Types = "Eastmere", []string{"education"}
	state := org("0pth00003", "us", "active", "Quillon, The State University of Northshire")
	state.City, state.Types = "Northtown", []string{"education"}
	inst := orgIn("0pth00004", "jp", "Eastmere", "Institute of Science Eastmere", "education")
	r := withTownMuseums(uni, sci, state, inst)
	checkResolved(t, r, []resolveCase{
		{"Department of Tides The Institute of Marine Science The University of Eastmere 4-6-1 Shirokawa Eastmere 108-8639 Japan", uni.ID},
	})
	for _, tc := range []struct {
		in, want string // want: the words of the first name found inside
	}{
		{"Department of Tides The Institute of Marine Science The University of Eastmere Japan", "university eastmere"},
		{"Department of Pharmacology Physiology and Neuroscience Quillon The State University of Northshire", "quillon state university northshire"},
	} {
		ps := r.Parties(tc.in)
		if len(ps) != 1 {
			t.Fatalf("Parties(%q) = %d parties, want 1", tc.in, len(ps))
		}
		got := ""
		if rs := r.embeddedNames(&ps[0]); len(rs) > 0 {
			var ws []string
			for _, w := range rs[0].words {
				ws = append(ws, w.Text)
			}
			got = strings.Join(ws, " ")
		}
		if got != tc.want {
			t.Errorf("embeddedNames(%q): first name %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A region that ends a registry name written after other words without a
// comma ("Fisheries College of Manitoba" for the College of Manitoba),
// joined to its head word by "of", is the name's, not the address: read
// as the address, it left "Fisheries College" to a namesake abroad.
func TestRegionEndingNameAfterWords(t *testing.T) {
	col := orgIn("0ppn00001", "ca", "Eastbridge", "College of Manitoba", "education")
	fish := orgIn("0ppn00002", "jp", "Shimoport", "National Fisheries College", "education")
	r := withTownMuseums(col, fish)
	for _, s := range []string{"Fisheries College of Manitoba", "Department of Tides Fisheries College of Manitoba"} {
		if got := resolvedIDs(t, r, s); strings.Contains(got, fish.ID) {
			t.Errorf("Resolve(%q) = %q, the namesake abroad", s, got)
		}
	}
}

// Namesakes registered by one name with their towns after it ("X,
// Northtown", each also known as plain "X") are told apart by the town
// written without a comma before its region ("X, Northtown Region
// Country"), though the region, which no name fits, costs the one the
// town names a little; and a name the string writes as the registry does,
// town and all, is that organisation's, not a namesake's in the same town
// known by the name without it.
func TestNamesakeNamedWithTownBeforeRegion(t *testing.T) {
	inTown := func(id, city, region, name string, aliases ...string) registry.Org {
		o := orgIn(id, "in", city, name, "education")
		o.Region = region
		for _, a := range aliases {
			o.Names = append(o.Names, registry.Name{Value: a, Types: []string{registry.NameAlias}})
		}
		return o
	}
	national := inTown("0nnt00001", "Capitalton", "Delshire", "Westland Institute of Tidal Sciences")
	north := inTown("0nnt00002", "Harlowganj", "Kelshire", "Westland Institute of Tidal Sciences, Harlowganj", "Westland Institute of Tidal Sciences")
	south := inTown("0nnt00003", "Eastganj", "Morshire", "Westland Institute of Tidal Sciences, Eastganj", "Westland Institute of Tidal Sciences")
	city := inTown("0nnt00004", "Baymouth", "Kelshire", "University of Quillon, Baymouth")
	county := inTown("0nnt00005", "Baymouth", "Kelshire", "University of Quillon, Baymouth County", "University of Quillon")
	other := inTown("0nnt00006", "Baymouth", "Kelshire", "Baymouth University of Quillon")
	r := withTownMuseums(national, north, south, city, county, other)
	checkResolved(t, r, []resolveCase{
		{"Westland Institute of Tidal Sciences, Harlowganj Kelshire India", north.ID},
		{"Westland Institute of Tidal Sciences, Harlowganj India", north.ID},
		{"Department of Tides, Westland Institute of Tidal Sciences, Eastganj Morshire India", south.ID},
		{"Westland Institute of Tidal Sciences, Capitalton Delshire India", national.ID},
	})
	// namesakesInTown, as the registry's weights make the screen fit
	// them: the national institute by its name, the campus in the town
	// written by its name with the town, the other campus by its name
	// without its town.
	ev := func(role names.Role, ws ...string) []match.Evidence {
		var out []match.Evidence
		for _, w := range ws {
			out = append(out, match.Evidence{Query: w, List: w, Token: w, How: "exact", Similarity: 1, Role: role.String()})
		}
		return out
	}
	own := []string{"westland", "institute", "tidal", "sciences"}
	ms := []match.Match{
		{SourceID: national.ID, MatchedName: national.Names[0].Value, Score: 1, Match: true, Explanation: ev(names.RoleName, own...)},
		{SourceID: north.ID, MatchedName: north.Names[0].Value, Score: 0.9888, Match: true, Explanation: append(ev(names.RoleAddress, "harlowganj"), ev(names.RoleName, own...)...)},
		{SourceID: south.ID, MatchedName: national.Names[0].Value, Score: 0.96, Match: true, Explanation: ev(names.RoleName, own...)},
	}
	a := r.Parties("Westland Institute of Tidal Sciences, Harlowganj Kelshire India")[0]
	if got := r.namesakesInTown(ms, &a); len(got) != 1 || got[0].SourceID != north.ID {
		t.Errorf("namesakesInTown kept %v, want only %s", got, north.ID)
	}
	// townTaken, as the registry's weights make the screen fit these:
	// the county's campus by the name it is also known by, the others
	// by names that take in the town.
	small := match.Match{SourceID: county.ID, MatchedName: "University of Quillon", Score: 0.96, Match: true, Explanation: ev(names.RoleName, "university", "quillon")}
	a = r.Parties("University of Quillon, Baymouth Kelshire India")[0]
	for _, tc := range []struct {
		big  registry.Org
		want bool
	}{
		{city, false}, // written as the registry writes it
		{other, true}, // its words, not its name
	} {
		big := match.Match{SourceID: tc.big.ID, MatchedName: tc.big.Names[0].Value, Score: 0.98, Match: true,
			Explanation: append(ev(names.RoleAddress, "baymouth"), ev(names.RoleName, "university", "quillon")...)}
		if got := r.townTaken(&a, &lazyWritten{a: &a}, big, small); got != tc.want {
			t.Errorf("townTaken(%q, %q) = %v, want %v", big.MatchedName, small.MatchedName, got, tc.want)
		}
	}
}

// A name the address follows without a comma ("University of Westbrook
// Northtown China") is written whole, as before a comma: of two
// organisations with its words, the one whose name it writes in its own
// word order is meant, and a unit the registry names with it, written
// before it after a comma, is named too.
func TestNameWrittenBeforeAddressWithoutComma(t *testing.T) {
	uow := orgIn("0nba00001", "cn", "Northtown", "University of Westbrook", "education")
	wu := orgIn("0nba00002", "cn", "Southtown", "Westbrook University", "education")
	// The namesake written otherwise is the more prominent: records
	// point at it.
	var orgs []registry.Org
	for i := range 6 {
		o := orgIn(fmt.Sprintf("0nba1%04d", i), "cn", "Southtown", fmt.Sprintf("Westbrook Affiliate %c", 'A'+i), "healthcare")
		o.Relationships = []registry.Relationship{{Type: registry.RelRelated, ID: wu.ID}}
		orgs = append(orgs, o)
	}
	tides := orgIn("0nba00003", "cn", "Northtown", "Institute of Tides, University of Westbrook", "education")
	tides.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uow.ID}}
	r := withTownMuseums(append(orgs, uow, wu, tides)...)
	checkResolved(t, r, []resolveCase{
		{"University of Westbrook, Northtown, China", uow.ID},
		{"University of Westbrook Northtown China", uow.ID},
		{"Westbrook University Southtown China", wu.ID},
		{"Institute of Tides, University of Westbrook, Northtown, China", tides.ID},
		{"Institute of Tides, University of Westbrook Northtown China", tides.ID},
	})
	// A registry name written across segments, or told apart by its
	// place after a comma, is so written with the address run on too.
	a := r.Parties("Institute of Tides, University of Westbrook Northtown China")[0]
	if !writtenAcross(&a, tides.Names[0].Value) {
		t.Errorf("%q: %q not written across its segments", a.Raw, tides.Names[0].Value)
	}
	a = r.Parties("University of Westbrook, Quill Branch Northtown China")[0]
	branch := match.Match{MatchedName: "University of Westbrook, Quill Branch", Score: 1}
	if !namesakeByPlace(&a, branch, match.Match{MatchedName: uow.Names[0].Value, Score: 1}) {
		t.Errorf("%q: %q not told apart by its place", a.Raw, branch.MatchedName)
	}
}

// A string that opens with a registry name which is also a town, then a
// town on its own and the country, names the organisation: the address
// is the second town ("Rio Tinto, Melbourne, Australia"; the company is
// named after a town abroad).
func TestNameNamedAfterTownBeforeTown(t *testing.T) {
	company := orgIn("0ntt00001", "au", "Eastport", "Tarvena (Australia)", "company")
	abroad := orgIn("0ntt00002", "pt", "Tarvena", "Escola Superior de Tarvena", "education")
	uni := orgIn("0ntt00003", "au", "Eastport", "University of Eastport", "education")
	r := withFillers("au", company, abroad, uni)
	checkResolved(t, r, []resolveCase{
		{"Tarvena, Eastport, Australia", "https://ror.org/0ntt00001"},
		{"Tarvena, 12 Kelp Street, Eastport, Australia", "https://ror.org/0ntt00001"},
		{"Tarvena, PO Box 1234, Eastport, Australia", "https://ror.org/0ntt00001"},
		{"Department of Chemistry, Tarvena, Eastport, Australia", "https://ror.org/0ntt00001"},
		{"Fillerba Institute, Tarvena, Eastport, Australia", "https://ror.org/0fil0001"},
	})
}

// A string whose parts are set apart by semicolons ("X; Town; Country")
// is one affiliation: the town and the country alone are its address,
// not parties of their own read as organisations named after them, and
// the country tells namesakes apart.
func TestAddressPartiesAfterSemicolons(t *testing.T) {
	here := orgIn("0sem00001", "za", "Northtown", "Westland University", "education")
	there := orgIn("0sem00002", "es", "Southvale", "Westland University", "education")
	national := orgIn("0sem00003", "za", "Eastport", "University of South Africa", "education")
	town := orgIn("0sem00004", "za", "Northtown", "Northtown Technikon", "education")
	r := withFillers("za", here, there, national, town)
	checkResolved(t, r, []resolveCase{
		{"Westland University; Northtown; South Africa", "https://ror.org/0sem00001"},
		{"Westland University; Northtown 2001; South Africa", "https://ror.org/0sem00001"},
		{"Westland University; South Africa", "https://ror.org/0sem00001"},
		{"Northtown Technikon; Westland University; Southvale; Spain", "https://ror.org/0sem00004 https://ror.org/0sem00002"},
	})
	if got := len(r.Parties("Westland University; Northtown; South Africa")); got != 1 {
		t.Errorf("parties = %d, want 1", got)
	}
}

// Of two unrelated organisations that fit a misspelt name equally well,
// the one in the town the string writes is meant; without the town
// neither is.
func TestLookalikesToldApartByTown(t *testing.T) {
	short := orgIn("0lat00001", "us", "Eastport", "Bellen College", "education")
	long := orgIn("0lat00002", "us", "Northtown", "Bellegheny College", "education")
	r := withFillers("us", short, long)
	checkResolved(t, r, []resolveCase{
		{"Department of Music, Belleheny College, Northtown, USA", long.ID},
		{"Belleheny College, Eastport, USA", short.ID},
		{"Belleheny College", ""},
	})
}

// A segment that is a registry name whole, held by namesakes the first
// reading cannot tell apart, is no unit run into the organisation its
// last words name ("Pan-European University" is no unit of a European
// University); a host reading that finds one of the namesakes stands.
func TestWholeNameNoUnitOfItsTail(t *testing.T) {
	cz := orgIn("0wnt00001", "cz", "Northtown", "Pan-Westland University", "education")
	sk := orgIn("0wnt00002", "sk", "Southtown", "Pan-Westland University", "education")
	tail := orgIn("0wnt00003", "ua", "Eastport", "Westland University", "education")
	central := orgIn("0wnt00004", "ir", "Westport", "Kelpian Dune University, Westport", "education")
	central.Names = append(central.Names, registry.Name{Value: "Dune University", Types: []string{"alias"}})
	branch := orgIn("0wnt00005", "ir", "Eastby", "Kelpian Dune University, Eastby Branch", "education")
	r := withFillers("ir", cz, sk, tail, central, branch)
	checkResolved(t, r, []resolveCase{
		{"Pan-Westland University", ""},
		{"Westland University", tail.ID},
		{"Kelpian Dune University", central.ID},
	})
}

// An organisation's name run into its postal address with no comma, the
// postcode before the town or after it ("Laboratoire X 75005 Northtown
// France", lines of a letterhead joined), is the name: the parser read the whole as an
// address for its postcode, and the town's university was chosen. A
// street's words before the postcode stay the address's.
func TestNameBeforePostcodeAndTown(t *testing.T) {
	lab := orgIn("0npt00001", "fr", "Southby", "Laboratoire de Physique des Marées", "facility")
	nat := orgIn("0npt00002", "us", "Northtown", "Westland National Laboratory", "facility")
	town := orgIn("0npt00003", "fr", "Southby", "Université de Southby", "education")
	trust := orgIn("0npt00004", "gb", "Eastport", "Kelp Research Trust", "nonprofit")
	r := withTownMuseums(append(fillerOrgs("0fil", "fr", []string{"Université", "Institut", "Centre"}, "education"), lab, nat, town, trust)...)
	checkResolved(t, r, []resolveCase{
		{"Laboratoire de Physique des Marées 75005 Southby France", lab.ID},
		{"Department of Tides, Westland National Laboratory 94720 Northtown USA", nat.ID},
		{"Westland National Laboratory 94720 Northtown", nat.ID},
		{"Westland National Laboratory Northtown 94720 USA", nat.ID},
		{"Laboratoire de Physique des Marées Southby 75005 France", lab.ID},
		{"Laboratoire de Physique des Marées F-75005 Southby France", lab.ID},
		{"Kelp Research Trust Eastport OX1 3PU UK", trust.ID},
		{"Rue de l'Université 75005 Southby France", ""},
	})
	for _, in := range []string{"Laboratoire de Physique des Marées 75005 Southby France", "Westland National Laboratory Northtown 94720 USA", "Laboratoire de Physique des Marées F-75005 Southby France", "Kelp Research Trust Eastport OX1 3PU UK"} {
		a := r.Parties(in)[0]
		if len(a.Segments) < 2 || a.Segments[0].Role != names.RoleName || a.Segments[1].Role != names.RoleAddress || !slices.ContainsFunc(a.Segments[1].Tokens, func(t names.Token) bool { return t.Place }) {
			t.Errorf("%q: segments %+v, want the name's, then the address's with its town", in, a.Segments)
		}
	}
}

// A state's postal code written after a town, before the postcode
// ("Northtown DC 20036"), is the address's: an organisation whose acronym
// it is is not named, and a one-word registry name before the town is
// the organisation's ("Kelpline Northtown DC 20036").
func TestStateCodeAfterTownNoAcronym(t *testing.T) {
	college := withAcronym(orgIn("0sca00001", "us", "Eastport", "Dunmore College", "education"), "DC")
	company := orgIn("0sca00002", "us", "Northtown", "Kelpline", "company")
	r := withFillers("us", college, company)
	checkResolved(t, r, []resolveCase{
		{"Northtown DC 20036", ""},
		{"Broad Street Northtown DC 20036", ""},
		{"Kelpline Northtown DC 20036", company.ID},
		{"Dunmore College, Eastport, MA 02115", college.ID},
	})
}

// An acronym only one organisation in the party's country holds, before
// words that name no organisation the registry holds there (a centre
// namesake abroad vetoed by the country), names that organisation: the
// words are its unit's ("MIT Center for Theoretical Physics, Cambridge,
// MA").
func TestAcronymBeforeUnitWords(t *testing.T) {
	wit := withAcronym(orgIn("0abu00001", "us", "Northtown", "Westland Institute of Technology", "education"), "WIT")
	abroad := orgIn("0abu00002", "fr", "Southby", "Centre de Marées Théoriques", "facility")
	abroad.Names = append(abroad.Names, registry.Name{Value: "Center for Theoretical Tides", Types: []string{"alias"}})
	// Another of its centres the registry names with the acronym, so
	// that the words after the acronym may open a registry name.
	centre := orgIn("0abu00003", "us", "Northtown", "WIT Center for Kelp Logistics", "facility")
	centre.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: wit.ID}}
	r := withFillers("us", wit, abroad, centre)
	checkResolved(t, r, []resolveCase{
		{"WIT Center for Theoretical Tides, Northtown, MA 02139, USA", wit.ID},
		{"WIT Center for Kelp Logistics, Northtown, MA 02139, USA", centre.ID},
		{"WIT Center for Theoretical Tides Northtown MA 02139 USA", wit.ID},
		{"Center for Theoretical Tides, Southby, France", abroad.ID},
	})
}

// A street's address alone ("Main Street Northtown 94025 USA") names no
// organisation: one fitting only its town's words (a school the registry
// also calls by the town's first word) is not written there. A town of
// two words before its postcode stays one town, though its last word is
// another town and its first a registry name.
func TestStreetAddressAlone(t *testing.T) {
	school := orgIn("0saa00001", "us", "Kelpton Park", "Kelpton School", "education")
	school.Names = append(school.Names, registry.Name{Value: "Kelpton", Types: []string{"alias"}})
	port := orgIn("0saa00002", "sv", "Harrow", "Port", "company")
	faculty := orgIn("0saa00003", "sv", "Port Harrow", "Instituto de Mareas", "education")
	other := orgIn("0saa00004", "br", "Eastport", "Instituto de Mareas", "education")
	r := withFillers("us", school, port, faculty, other)
	checkResolved(t, r, []resolveCase{
		{"Main Street Kelpton Park 94025 USA", ""},
		{"Kelpton School, Kelpton Park, CA 94025", school.ID},
		{"Department of Tides, Instituto de Mareas, 25 Main Street, Port Harrow 10115, El Salvador", faculty.ID},
	})
	byTown := match.Match{Explanation: []match.Evidence{{Query: "kelpton", List: "kelpton", Token: "kelpton", How: "exact", Similarity: 1, Weight: 9}}}
	for _, c := range []struct {
		in   string
		weak bool
	}{
		{"Main Street Kelpton Park 94025 USA", true},
		{"Kelpton Park CA 94025", false}, // no street: the town's words may be a name's
		{"Kelpton School, Main Street, Kelpton Park 94025", false},
	} {
		a := r.Parties(c.in)[0]
		if got := townOnlyOfAddress(byTown, &a); got != c.weak {
			t.Errorf("%q: townOnlyOfAddress = %v, want %v", c.in, got, c.weak)
		}
	}
	a := r.Parties("Instituto de Mareas, Port Harrow 10115, El Salvador")[0]
	if s := a.Segments[1]; s.Role != names.RoleAddress || len(s.Tokens) != 3 || !s.Tokens[0].Place || !s.Tokens[1].Place {
		t.Errorf("town and postcode read as %+v, want one address segment with the town's two words", s)
	}
}

// A postcode written in two groups of digits, with a space or a hyphen
// between them ("Northby 600 036", "305-8577 Southby"), leaves the town
// beside it read as the address: it tells apart namesakes of one country.
func TestPostcodeInTwoGroups(t *testing.T) {
	north := orgIn("0pg200001", "fr", "Northby", "Laboratoire des Marées", "facility")
	south := orgIn("0pg200002", "fr", "Southby", "Laboratoire des Marées", "facility")
	r := withFillers("fr", north, south)
	checkResolved(t, r, []resolveCase{
		{"Laboratoire des Marées, Northby, France", north.ID},
		{"Laboratoire des Marées, Northby 600 036, France", north.ID},
		{"Laboratoire des Marées, Southby 305-8577, France", south.ID},
		{"Laboratoire des Marées, 4710-057 Southby, France", south.ID},
		{"Laboratoire des Marées, 00-950 Northby, France", north.ID},
	})
}

// A state's postal code that is also a country's ISO code ("MO" of
// Missouri and Macao) is the state after a town the registry knows in that
// state, though it knows the town abroad too; a town written after a unit
// alone then leads to no namesake in another state than the one written.
func TestStateCodeThatIsACountryCode(t *testing.T) {
	inState := func(o registry.Org, state string) registry.Org {
		o.Region = state
		return o
	}
	inst := inState(orgIn("0scc00001", "us", "Kestrel Falls", "Westmoor Institute of Tides", "facility"), "Missouri")
	uni := inState(orgIn("0scc00002", "us", "Brenwick", "Brenwick University", "education"), "New York")
	museum := inState(orgIn("0scc00003", "us", "Brenwick", "Brenwick Tide Museum", "archive"), "Missouri")
	abroad := orgIn("0scc00004", "gb", "Kestrel Falls", "Kestrel Falls Harbour Board", "facility")
	r := withFillers("us", inst, uni, museum, abroad)
	checkResolved(t, r, []resolveCase{
		{"Westmoor Institute of Tides, Kestrel Falls, MO", inst.ID},
		{"Westmoor Institute of Tides, Kestrel Falls, MO, USA", inst.ID},
		{"Department of Physics, Brenwick, NY", uni.ID},
		{"Department of Physics, Brenwick, MO", ""},
	})
	// A town named like a country ("Lebanon"), which the parser reads
	// as one, is the town too before such a code of its state.
	leb := inState(orgIn("0scc00007", "us", "Lebanon", "Kestrelwick Tidal College", "education"), "Illinois")
	r = withFillers("us", leb)
	checkResolved(t, r, []resolveCase{
		{"Kestrelwick Tidal College, Lebanon, IL", leb.ID},
		{"Kestrelwick Tidal College, Lebanon, IL, USA", leb.ID},
	})
	// A state's name that is the town written is no state the leader
	// holds against an organisation in another ("…, Washington").
	capital := inState(orgIn("0scc00005", "us", "Washington", "Quelmont Tidal University", "education"), "District of Columbia")
	capital.Names = append(capital.Names, registry.Name{Value: "QTU", Types: []string{registry.NameAcronym}})
	r = withFillers("us", capital, inState(orgIn("0scc00006", "us", "Seattle", "Seattle Harbour Museum", "archive"), "Washington"))
	checkResolved(t, r, []resolveCase{
		{"QTU, Washington, United States", capital.ID},
		{"QTU, Washington", capital.ID},
		{"Tidal University, Washington", capital.ID},
		{"Quelmont Tidal Univ, Washington", capital.ID},
	})
}

// A ROR id written in the string, as a link or alone with its checksum,
// gives its organisation (a retired one's successor) before what the rest
// of the string names; an id the registry does not hold gives nothing,
// and a nine-character word without the checksum is read as text.
func TestResolveByID(t *testing.T) {
	uni := org("0abcdef23", "gb", "active", "University of Northwold")
	old := org("0ke5tre74", "gb", "inactive", "Northwold Tidal College")
	old.Relationships = []registry.Relationship{{Type: registry.RelSuccessor, ID: uni.ID}}
	inst := org("0t1de4226", "fr", "active", "Institut des Marées")
	r := New([]registry.Org{uni, old, inst})
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"https://ror.org/0abcdef23", []string{uni.ID}},
		{"0t1de4226", []string{inst.ID}},
		{"Partner (ror.org/0ke5tre74)", []string{uni.ID}},
		{"https://ror.org/0t1de4226; University of Northwold", []string{inst.ID, uni.ID}},
		{"University of Northwold (https://ror.org/0abcdef23)", []string{uni.ID}},
		{"https://ror.org/0zz9x8w94", nil},
		{"Institut des Marées 0abcdef24", []string{inst.ID}},
	} {
		res, err := r.Resolve(c.in, Options{})
		if err != nil {
			t.Fatalf("Resolve(%q): %v", c.in, err)
		}
		var got []string
		for _, o := range res.Orgs {
			got = append(got, o.ID)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("Resolve(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	res, _ := r.Resolve("Partner (ror.org/0ke5tre74)", Options{})
	if o := res.Orgs[0]; o.Via != old.ID || o.Score != 1 || len(o.Explanation) != 1 || o.Explanation[0].How != "ror_id" {
		t.Errorf("retired record named by id: %+v", o)
	}
}

// A candidate that fits only the town of the address is not chosen
// beside an organisation's name it does not fit ("3XT, Northtown": not
// the town's own government).
func TestAddressOnlyBesideName(t *testing.T) {
	inst := orgIn("0aob00001", "ca", "Kelpford", "Institut interdisciplinaire des Marées", "facility")
	inst.Names = append(inst.Names, registry.Name{Value: "3XT", Types: []string{registry.NameAcronym}})
	city := orgIn("0aob00002", "ca", "Kelpford", "Ville de Kelpford", "government")
	city.Names = append(city.Names, registry.Name{Value: "Kelpford", Types: []string{registry.NameAlias}})
	r := New([]registry.Org{inst, city})
	checkResolved(t, r, []resolveCase{
		{"3XT, Kelpford, Canada", inst.ID},
		{"QZW, Kelpford, Canada", ""},
		{"Ville de Kelpford, Kelpford, Canada", city.ID},
	})
	// The rule itself: the town's words alone are weak beside a name
	// they are not, and not beside a name that writes them.
	townOnly := match.Match{Explanation: []match.Evidence{{Query: "kelpford", List: "kelpford", How: "exact", Role: names.RoleAddress.String()}}}
	for in, want := range map[string]bool{
		"QZW, Kelpford, Canada":                 true,
		"Kelpford Dunes Park, Kelpford, Canada": false,
		"Department of Tides, Kelpford, Canada": false,
	} {
		a := r.Parties(in)[0]
		if got := addressOnlyBesideName(townOnly, &a); got != want {
			t.Errorf("addressOnlyBesideName(town only, %q) = %v, want %v", in, got, want)
		}
	}
}

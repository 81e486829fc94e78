package evalset

import "strings"

// place is a Chinese city or province as the generators need it: its
// pinyin spelling as used in English names and addresses, its Han name, the
// first three digits of its postcodes (empty for provinces) and, for a
// province, its capital (so "Sichuan University" can be placed in Chengdu).
type place struct {
	Pinyin  string
	Han     string
	Post    string
	Capital string
}

// places is general public knowledge (postcode prefixes of the main Chinese
// cities), written for this package.
var places = []place{
	{"Beijing", "北京", "100", ""}, {"Shanghai", "上海", "200", ""}, {"Tianjin", "天津", "300", ""},
	{"Chongqing", "重庆", "400", ""}, {"Harbin", "哈尔滨", "150", ""}, {"Changchun", "长春", "130", ""},
	{"Shenyang", "沈阳", "110", ""}, {"Dalian", "大连", "116", ""}, {"Jinan", "济南", "250", ""},
	{"Qingdao", "青岛", "266", ""}, {"Nanjing", "南京", "210", ""}, {"Suzhou", "苏州", "215", ""},
	{"Wuxi", "无锡", "214", ""}, {"Hangzhou", "杭州", "310", ""}, {"Ningbo", "宁波", "315", ""},
	{"Hefei", "合肥", "230", ""}, {"Fuzhou", "福州", "350", ""}, {"Xiamen", "厦门", "361", ""},
	{"Nanchang", "南昌", "330", ""}, {"Wuhan", "武汉", "430", ""}, {"Changsha", "长沙", "410", ""},
	{"Guangzhou", "广州", "510", ""}, {"Shenzhen", "深圳", "518", ""}, {"Zhuhai", "珠海", "519", ""},
	{"Nanning", "南宁", "530", ""}, {"Haikou", "海口", "570", ""}, {"Chengdu", "成都", "610", ""},
	{"Mianyang", "绵阳", "621", ""}, {"Guiyang", "贵阳", "550", ""}, {"Kunming", "昆明", "650", ""},
	{"Xi'an", "西安", "710", ""}, {"Lanzhou", "兰州", "730", ""}, {"Xining", "西宁", "810", ""},
	{"Yinchuan", "银川", "750", ""}, {"Urumqi", "乌鲁木齐", "830", ""}, {"Hohhot", "呼和浩特", "010", ""},
	{"Baotou", "包头", "014", ""}, {"Taiyuan", "太原", "030", ""}, {"Shijiazhuang", "石家庄", "050", ""},
	{"Zhengzhou", "郑州", "450", ""}, {"Luoyang", "洛阳", "471", ""}, {"Xiangtan", "湘潭", "411", ""},
	{"Zhenjiang", "镇江", "212", ""}, {"Changzhou", "常州", "213", ""}, {"Xuzhou", "徐州", "221", ""},
	{"Yantai", "烟台", "264", ""}, {"Weihai", "威海", "264", ""}, {"Qinhuangdao", "秦皇岛", "066", ""},
	{"Baoding", "保定", "071", ""}, {"Anshan", "鞍山", "114", ""}, {"Daqing", "大庆", "163", ""},
	{"Zhanjiang", "湛江", "524", ""}, {"Guilin", "桂林", "541", ""}, {"Dongguan", "东莞", "523", ""},
	{"Foshan", "佛山", "528", ""}, {"Shaoxing", "绍兴", "312", ""}, {"Wenzhou", "温州", "325", ""},
	{"Hengyang", "衡阳", "421", ""}, {"Zhuzhou", "株洲", "412", ""}, {"Yichang", "宜昌", "443", ""},
	{"Xiangyang", "襄阳", "441", ""}, {"Baoji", "宝鸡", "721", ""}, {"Xianyang", "咸阳", "712", ""},
	{"Handan", "邯郸", "056", ""}, {"Tangshan", "唐山", "063", ""}, {"Shantou", "汕头", "515", ""},
	{"Jilin", "吉林", "132", ""}, {"Kaifeng", "开封", "475", ""}, {"Jiujiang", "九江", "332", ""},
	{"Heilongjiang", "黑龙江", "", "Harbin"}, {"Liaoning", "辽宁", "", "Shenyang"},
	{"Hebei", "河北", "", "Shijiazhuang"}, {"Henan", "河南", "", "Zhengzhou"}, {"Shandong", "山东", "", "Jinan"},
	{"Shanxi", "山西", "", "Taiyuan"}, {"Shaanxi", "陕西", "", "Xi'an"}, {"Jiangsu", "江苏", "", "Nanjing"},
	{"Zhejiang", "浙江", "", "Hangzhou"}, {"Anhui", "安徽", "", "Hefei"}, {"Fujian", "福建", "", "Fuzhou"},
	{"Jiangxi", "江西", "", "Nanchang"}, {"Hubei", "湖北", "", "Wuhan"}, {"Hunan", "湖南", "", "Changsha"},
	{"Guangdong", "广东", "", "Guangzhou"}, {"Guangxi", "广西", "", "Nanning"}, {"Hainan", "海南", "", "Haikou"},
	{"Sichuan", "四川", "", "Chengdu"}, {"Guizhou", "贵州", "", "Guiyang"}, {"Yunnan", "云南", "", "Kunming"},
	{"Gansu", "甘肃", "", "Lanzhou"}, {"Qinghai", "青海", "", "Xining"}, {"Ningxia", "宁夏", "", "Yinchuan"},
	{"Xinjiang", "新疆", "", "Urumqi"}, {"Tibet", "西藏", "", ""}, {"Xizang", "西藏", "", ""},
}

// placeByKey maps a normalised pinyin token ("xian", "harbin") to its place.
var placeByKey = func() map[string]*place {
	m := make(map[string]*place, len(places))
	for i := range places {
		m[normKey(places[i].Pinyin)] = &places[i]
	}
	return m
}()

// lookupPlace returns the place for a normalised token, or nil.
func lookupPlace(tok string) *place { return placeByKey[tok] }

// cityOf resolves a place to a city with a postcode: a city itself, or a
// province's capital. It returns nil when there is none.
func cityOf(p *place) *place {
	if p == nil {
		return nil
	}
	if p.Post != "" {
		return p
	}
	if p.Capital != "" {
		return placeByKey[normKey(p.Capital)]
	}
	return nil
}

// findCity looks for a city in free text: first a pinyin token, then a Han
// name. Cities win over provinces (an address "Haidian, Beijing" or "Hubei,
// Wuhan" gives the city).
func findCity(text string) *place {
	var prov *place
	for _, t := range tokens(text) {
		if p := lookupPlace(t); p != nil {
			if p.Post != "" {
				return p
			}
			if prov == nil {
				prov = p
			}
		}
	}
	if hasHan(text) {
		best := -1
		var bp *place
		for i := range places {
			p := &places[i]
			if idx := strings.Index(text, p.Han); idx >= 0 && p.Post != "" && (best < 0 || idx < best) {
				best, bp = idx, p
			}
		}
		if bp != nil {
			return bp
		}
		if prov == nil {
			for i := range places {
				if strings.Contains(text, places[i].Han) {
					prov = &places[i]
					break
				}
			}
		}
	}
	return cityOf(prov)
}

// hanPlacePrefix returns the place whose Han name starts s, or nil.
func hanPlacePrefix(s string) *place {
	var best *place
	for i := range places {
		if strings.HasPrefix(s, places[i].Han) && (best == nil || len(places[i].Han) > len(best.Han)) {
			best = &places[i]
		}
	}
	return best
}

package wptest

// The text pools below are the raw material of generated posts. They are
// written the way WordPress serves rendered fields: wptexturize has already
// turned quotes and dashes into numeric entities, `&` is `&#038;` or
// `&amp;`, and a few sentences carry the double escaping some plugins
// produce (`&amp;#8217;`).

var enSentences = []string{
	`The city council&#8217;s budget committee met on Tuesday evening to review the revised spending plan for the coming year.`,
	`Residents packed the hall, and several speakers asked why the library&#8217;s opening hours had been cut again.`,
	`&#8220;We have heard the concerns, and we are listening,&#8221; the committee chair said after a two&#8209;hour debate.`,
	`The proposal, which runs to 214 pages, would move $3.2&nbsp;million from road repairs to public transport.`,
	`Officials said the final vote is expected in March &#8211; weeks later than originally planned.`,
	`According to the <a href="https://example.org/report">annual report</a>, ridership on the night buses rose by 18&nbsp;percent.`,
	`Local businesses on Market Street say the roadworks have hurt trade during the busiest weeks of the year.`,
	`&#8220;It&#8217;s been a difficult season,&#8221; said the owner of a bakery that has operated there since 1987.`,
	`The planning department has promised a <strong>new consultation</strong> before any further closures are approved.`,
	`Meanwhile, the regional transport authority confirmed that fares will rise by 4&nbsp;% from the first of April.`,
	`Critics argue that the increase falls hardest on part&#8209;time workers who commute outside peak hours.`,
	`Supporters counter that the extra revenue will pay for longer platforms and more frequent trains.`,
	`The debate is far from over &#8212; a petition opposing the rise has already collected 12,400 signatures.`,
	`Weather forecasters expect temperatures to drop sharply over the weekend, with frost likely in rural areas.`,
	`Drivers are advised to allow extra time for journeys and to check for updates before setting off.`,
	`Schools will remain open, although some after&#8209;school clubs have been moved indoors as a precaution.`,
	`The home side dominated possession but needed a late penalty to secure a 2&#8211;1 win.`,
	`&#8220;The lads showed real character,&#8221; the coach told reporters, &#8220;and we&#8217;ll take the three points.&#8221;`,
	`Attendance at the stadium reached 31,000, the highest figure since the ground was redeveloped in 2019.`,
	`The visitors&#8217; captain was shown a second yellow card in the 78th minute after a clumsy challenge.`,
	`Tickets for next month&#8217;s cup tie go on sale on Friday at 10&nbsp;a.m., with a limit of four per person.`,
	`The museum&#8217;s new wing, designed by a team of local architects, opens to the public on Saturday.`,
	`Its first exhibition brings together more than 150 photographs of the harbour taken between 1890 and 1960.`,
	`Curators spent two years tracing the families of the people who appear in the pictures.`,
	`&#8220;Every image tells a story about work, weather &#038; community,&#8221; one of the curators explained.`,
	`Admission is free for children under 12 and for residents on Thursdays after 5&nbsp;p.m.`,
	`Researchers at the university have published a study on the effects of noise on sleep in city centres.`,
	`The team recorded sound levels in 600 bedrooms over eighteen months, using sensors placed near the windows.`,
	`They found that people exposed to regular night&#8209;time noise slept, on average, 23&nbsp;minutes less.`,
	`The authors caution that the sample was small and that further work is needed before drawing firm conclusions.`,
	`Shares in the company rose 6.5&nbsp;percent after it reported better&#8209;than&#8209;expected quarterly results.`,
	`Revenue for the three months to September was &#8364;412&nbsp;million, up from &#8364;367&nbsp;million a year earlier.`,
	`The chief executive said demand had been strong in Europe but warned of &#8220;headwinds&#8221; in Asia.`,
	`Analysts had expected a smaller increase, citing higher energy costs and a weaker currency.`,
	`The firm plans to hire 300 engineers over the next two years, most of them at its research site in the north.`,
	`Volunteers collected more than two tonnes of litter from the riverbank during the annual clean&#8209;up day.`,
	`Organisers thanked the 240 people who took part, including pupils from five local schools.`,
	`The most unusual find, they said, was a shopping trolley that had apparently been in the water since the 1990s.`,
	`The festival returns this summer with a programme of music, theatre &amp; street food across three weekends.`,
	`Headliners include a jazz quartet from New Orleans and a folk band that sold out the town hall last year.`,
	`Organisers say they have added more seating, better step&#8209;free access and extra water points.`,
	`The police appealed for witnesses after a car was damaged in the station car park late on Sunday.`,
	`Anyone with information is asked to call the non&#8209;emergency number, quoting reference 4471.`,
	`In a statement, the council said it &#8220;regrets the inconvenience&#8221; caused by the delay.`,
	`The report&amp;#8217;s authors say the figures were checked twice before publication.`,
	`Readers can find the full timetable on the council&#8217;s website &#8230; or at any branch library.`,
	`The 2&#215;4 timber frames were delivered on Monday; construction should finish before the end of June.`,
	`A spokesperson declined to comment on what she called &#8216;speculation&#8217; about the project&#8217;s cost.`,
}

var intlSentences = []string{
	`Городской совет утвердил новый бюджет: на ремонт дорог выделено на 12&nbsp;% больше, чем в прошлом году.`,
	`東京では週末にかけて気温が下がり、山沿いでは雪が降る見込みです。`,
	`Η δημοτική βιβλιοθήκη θα παραμείνει ανοιχτή μέχρι τις 9 το βράδυ κάθε Πέμπτη.`,
	`وافق المجلس البلدي على خطة جديدة لتحسين النقل العام في وسط المدينة.`,
	`北京的新博物馆本周六正式对公众开放，首展展出了一百五十多幅历史照片。`,
	`नगर परिषद ने कहा कि नई बस सेवा अगले महीने से शुरू होगी।`,
	`Die Stadtverwaltung bestätigte, dass die Brücke ab Montag für drei Wochen gesperrt wird – Umleitungen sind ausgeschildert.`,
	`L&#8217;équipe locale a remporté le match 3&#8211;2 grâce à un but à la dernière minute.`,
	`서울시는 다음 달부터 심야 버스 노선을 두 개 더 늘린다고 밝혔다.`,
	`עיריית העיר הודיעה על פתיחת גן ציבורי חדש ליד התחנה המרכזית.`,
}

var emojiSentences = []string{
	`Thanks to everyone who came along on Saturday &#8211; what a day! 🎉🎶`,
	`Don&#8217;t forget to bring a reusable cup ♻️ and your appetite 🍕🍦.`,
	`The results are in 📊 and they&#8217;re better than we hoped 👏.`,
	`Rain is on the way ☔ so pack a coat if you&#8217;re heading out 🧥.`,
	`Our readers voted, and the winner is&#8230; the harbour at sunset 🌅📷!`,
	`Good luck to all the runners this weekend 🏃‍♀️🏃🏽‍♂️ &#8211; see you at the finish line 🏁.`,
}

var headings = []string{
	`What happens next`,
	`Why it matters`,
	`The numbers behind the story`,
	`&#8220;A turning point&#8221;`,
	`Reaction from residents`,
	`How we got here`,
	`What they&#8217;re saying`,
	`Key dates &#038; deadlines`,
	`Background`,
	`In brief`,
	`Looking ahead to 2026`,
	`Q&#038;A: your questions answered`,
}

var listItems = []string{
	`Road closures begin on Monday at 7&nbsp;a.m.`,
	`Diversions will be signposted from the ring road`,
	`Bus routes 4, 12 and 31 are affected`,
	`Parking permits remain valid in neighbouring zones`,
	`The consultation closes on 14 February`,
	`Residents can comment online or by post`,
	`Free entry for under&#8209;12s`,
	`Step&#8209;free access at the main entrance`,
	`Food &#038; drink available all day`,
	`Dogs welcome (on a lead) 🐕`,
	`Tickets: &#163;8 adults, &#163;5 concessions`,
	`Doors open at 6:30&nbsp;p.m.`,
	`Captions and audio description on request`,
	`Last admission one hour before closing`,
	`Full details on the event page`,
}

var quotes = []string{
	`We&#8217;ve waited a long time for this, and it&#8217;s finally happening.`,
	`Nobody expected the response to be quite so strong &#8211; we&#8217;re delighted.`,
	`It&#8217;s not perfect, but it&#8217;s a start, and we&#8217;ll keep pushing.`,
	`The figures speak for themselves: people want better services.`,
	`This is a community that looks after its own.`,
	`We&#8217;ll be watching closely to see whether the promises are kept.`,
}

var titlePatterns = []string{
	`%s&#8217;s budget plan faces fresh scrutiny`,
	`&#8220;We&#8217;re not done yet&#8221;: %s reacts to the latest figures`,
	`%s &#8211; what we know so far`,
	`Roadworks &#038; closures in %s this week`,
	`How %s plans to tackle the housing shortage`,
	`%s council delays vote until spring`,
	`Five things to do in %s this weekend`,
	`%s festival returns with a bigger programme`,
	`Q&#038;A: the %s transport plan explained`,
	`Why %s&#8217;s night buses matter`,
	`%s: residents&#8217; petition reaches 10,000 signatures`,
	`Photos: a century of life in %s`,
	`Opinion: %s deserves better than this`,
	`%s weather: frost, fog &#038; a chance of snow`,
	`Live updates &#8211; %s election count`,
	`%s museum opens its new wing&#8230; at last`,
}

var titleSubjects = []string{
	`Northbridge`, `Eastfield`, `Harbour Town`, `St. Mary&#8217;s`, `Old Market`,
	`Riverside`, `Kingsway`, `Westmoor`, `Millbrook`, `Ashford Vale`,
	`Crossgates`, `Bellmouth`, `Lower Hill`, `Greenway`, `Port Allen`,
	`Stonebridge`, `Fairhaven`, `Oakley`, `Summerton`, `Bramble Cross`,
}

var intlTitles = []string{
	`Городской совет утвердил бюджет на 2026 год`,
	`東京の週末：寒波と雪の予報`,
	`Νέα ωράρια για τη δημοτική βιβλιοθήκη`,
	`خطة جديدة للنقل العام في وسط المدينة`,
	`北京新博物馆正式开放`,
	`Umleitungen: Brücke drei Wochen gesperrt`,
}

var emojiTitles = []string{
	`Weekend picks 🎉 our favourite events`,
	`Sunset over the harbour 🌅 &#8211; readers&#8217; photos`,
	`Marathon day 🏃 road closures &#038; results`,
}

// Category ids run from 1 (Uncategorized) to len(categories).
var categories = []struct{ name, slug string }{
	{"Uncategorized", "uncategorized"}, {"Local", "local"}, {"Politics", "politics"},
	{"Business", "business"}, {"Sports", "sports"}, {"Culture", "culture"},
	{"Science", "science"}, {"Opinion", "opinion"},
}

// Tag ids start at 20.
var tagSlugs = []string{
	"budget", "transport", "weather", "football", "museum", "housing", "festival",
	"police", "schools", "business", "environment", "elections", "roads", "health",
	"photography", "music", "research", "volunteers", "harbour", "library",
}

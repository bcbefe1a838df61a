/*
 * lexicon.c - the small word lists of the proper-noun finder.
 *
 * One table, sorted by word, maps a lowercase ASCII word to its classes
 * (nlp_int.h): function words and common sentence openers that are
 * capitalised only because a sentence starts with them ("The", "Among",
 * "According"), month and weekday names, demonyms ("Russian", "North
 * Korean" are adjectives, not entities), titles and the words that build
 * them ("Prime Minister", "Foreign Minister", "Secretary of State"),
 * particles inside names ("Bank of England", "Ludwig van Beethoven",
 * "Mohammed bin Salman"), countries, first names, abbreviations that take
 * a period without ending the sentence, and the last words that hint at a
 * type ("... Group" is an organisation, "... Sea" a place).  The lists are
 * written by hand and kept short; the trained tagger replaces them later.
 *
 * Keep the table sorted (strcmp order) and free of duplicates;
 * tests/nlp/test_mentions.c checks it with nlp__lex_selfcheck().  Lookups
 * go through a hash index over the table, built once, on first use
 * (pthread_once), because the finder looks up most words it reads.
 */
#include <pthread.h>
#include <string.h>

#include "nlp/nlp_int.h"

#define H NLP_L_HARD
#define S NLP_L_SOFT
#define D NLP_L_DATE
#define DM NLP_L_DEMONYM
#define DI NLP_L_DIR
#define T NLP_L_TITLE
#define T2 NLP_L_TITLE2
#define MO NLP_L_MODIFIER
#define OF NLP_L_OFFICE
#define CN NLP_L_CONNECT
#define CO NLP_L_COUNTRY
#define FN NLP_L_FIRST
#define AB NLP_L_ABBREV
#define ME NLP_L_MAYEND
#define OE NLP_L_ORGEND
#define LE NLP_L_LOCEND
#define XE NLP_L_MISCEND
#define OR NLP_L_ORG
#define HY NLP_L_HYSUFFIX
#define GP NLP_L_GEOPRE
#define CS NLP_L_CAPSTOP
#define RO NLP_L_ROLE

static const struct lex {
    const char *w;
    uint32_t c;
} lex[] = {
    {"a", H|CS|HY}, {"aaron", FN}, {"abdul", FN}, {"about", H}, {"above", H},
    {"abu", FN}, {"accord", XE}, {"according", H}, {"accords", XE},
    {"across", H}, {"act", XE}, {"acting", MO}, {"actor", RO}, {"actress", RO},
    {"actually", H}, {"adam", FN}, {"additionally", H}, {"adm", T|AB},
    {"admiral", T}, {"advertisement", H}, {"affairs", OF}, {"afghan", DM},
    {"afghanistan", CO}, {"africa", CO}, {"african", DM}, {"after", H|CS},
    {"afterwards", H}, {"again", H}, {"against", H}, {"age", HY}, {"aged", HY},
    {"agency", OE}, {"ago", H}, {"agreement", XE}, {"agriculture", MO|OF},
    {"ah", H}, {"ahead", H}, {"ahmed", FN}, {"airlines", OE}, {"airport", LE},
    {"airways", OE}, {"al", CN}, {"alan", FN}, {"albania", CO},
    {"albanian", DM}, {"alex", FN}, {"alexander", FN}, {"alexei", FN},
    {"algeria", CO}, {"algerian", DM}, {"ali", FN}, {"alice", FN}, {"all", H},
    {"alliance", OE}, {"almost", H}, {"alone", H}, {"along", H},
    {"already", H}, {"also", H}, {"although", H}, {"always", H}, {"am", H},
    {"amanda", FN}, {"amazon", OR}, {"ambassador", T|RO}, {"amendment", XE},
    {"america", CO}, {"american", DM}, {"amid", H}, {"amidst", H},
    {"among", H}, {"amongst", H}, {"amy", FN}, {"an", H|CS|HY},
    {"analysis", H}, {"analyst", RO}, {"and", H|CS|HY}, {"andrei", FN},
    {"andrew", FN}, {"angela", FN}, {"angola", CO}, {"ankara", CO},
    {"ann", FN}, {"anna", FN}, {"anne", FN}, {"another", H}, {"anthony", FN},
    {"anti", HY}, {"antonio", FN}, {"antony", FN}, {"any", H}, {"anyone", H},
    {"anything", H}, {"anyway", H}, {"anywhere", H}, {"apparently", H},
    {"approx", AB}, {"apr", D|AB}, {"april", D}, {"arab", DM}, {"arabic", DM},
    {"archbishop", T}, {"are", H|CS}, {"area", HY}, {"argentina", CO},
    {"argentine", DM}, {"argentinian", DM}, {"armenia", CO}, {"armenian", DM},
    {"army", OE}, {"around", H}, {"as", H|CS}, {"asia", CO}, {"asian", DM},
    {"asked", H}, {"assembly", OE}, {"assistant", MO}, {"associate", MO},
    {"association", OE}, {"at", H|CS}, {"attorney", MO}, {"aug", D|AB},
    {"august", D}, {"aunt", RO}, {"australia", CO}, {"australian", DM},
    {"austria", CO}, {"austrian", DM}, {"author", RO}, {"authority", OE},
    {"avenue", LE}, {"award", XE}, {"awards", XE}, {"ayatollah", T},
    {"azerbaijan", CO}, {"azerbaijani", DM}, {"back", HY}, {"baghdad", CO},
    {"bahrain", CO}, {"bangladesh", CO}, {"bangladeshi", DM}, {"bank", OE},
    {"barack", FN}, {"bay", LE}, {"be", H|CS}, {"because", H}, {"been", H},
    {"before", H}, {"behind", H}, {"beijing", CO}, {"being", H},
    {"beirut", CO}, {"belarus", CO}, {"belarusian", DM}, {"belgian", DM},
    {"belgium", CO}, {"below", H}, {"ben", FN}, {"beneath", H},
    {"benjamin", FN}, {"berlin", CO}, {"bernie", FN}, {"beside", H},
    {"besides", H}, {"between", H}, {"beyond", H}, {"bill", FN},
    {"billion", H}, {"billionaire", RO}, {"billions", H}, {"bin", CN},
    {"bint", CN}, {"bishop", T}, {"bloomberg", OR}, {"board", OE}, {"bob", FN},
    {"bolivia", CO}, {"bolivian", DM}, {"boris", FN}, {"born", HY},
    {"bosnia", CO}, {"bosnian", DM}, {"both", H}, {"brazil", CO},
    {"brazilian", DM}, {"breaking", H}, {"bred", HY}, {"brian", FN},
    {"brigade", OE}, {"britain", CO}, {"british", DM}, {"bros", AB|ME},
    {"brother", RO}, {"brussels", CO}, {"bulgaria", CO}, {"bulgarian", DM},
    {"bundestag", OR}, {"bureau", OE}, {"burma", CO}, {"burmese", DM},
    {"businessman", RO}, {"businesswoman", RO}, {"but", H|CS}, {"by", H|CS},
    {"cabinet", OE}, {"cairo", CO}, {"cambodia", CO}, {"cambodian", DM},
    {"cameroon", CO}, {"can", H}, {"canada", CO}, {"canadian", DM},
    {"canal", LE}, {"candidate", RO}, {"cannot", H}, {"capt", T|AB},
    {"captain", T}, {"cardinal", T}, {"carlos", FN}, {"catholic", DM},
    {"center", OE}, {"central", DI|GP}, {"centre", OE}, {"ceo", T|RO},
    {"certainly", H}, {"cfo", T}, {"chairman", T|RO}, {"chairperson", T},
    {"chairwoman", T}, {"championship", XE}, {"chancellor", T|RO},
    {"charles", FN}, {"chef", T|RO}, {"chief", MO}, {"chile", CO},
    {"chilean", DM}, {"china", CO}, {"chinese", DM}, {"choe", FN},
    {"choi", FN}, {"chris", FN}, {"christian", DM}, {"christopher", FN},
    {"chuck", FN}, {"church", OE}, {"city", LE}, {"clearly", H}, {"click", H},
    {"climate", MO}, {"club", OE}, {"co", AB|ME|OE}, {"coach", RO},
    {"coalition", OE}, {"coast", LE}, {"col", T|AB}, {"colleague", RO},
    {"college", OE}, {"colombia", CO}, {"colombian", DM}, {"colonel", T},
    {"commander", T|RO}, {"comment", H}, {"commerce", MO|OF},
    {"commission", OE}, {"commissioner", T}, {"committee", OE},
    {"communist", DM}, {"company", OE}, {"congo", CO}, {"congolese", DM},
    {"congress", OE|OR}, {"congressman", T}, {"congresswoman", T},
    {"consequently", H}, {"contact", H}, {"convention", XE}, {"coo", T},
    {"copyright", H}, {"corp", AB|ME|OE}, {"corporation", OE}, {"could", H},
    {"council", OE}, {"counterpart", RO}, {"county", LE}, {"court", OE},
    {"cpl", AB}, {"credit", H}, {"crimea", CO}, {"croatia", CO},
    {"croatian", DM}, {"crown", MO}, {"cuba", CO}, {"cuban", DM},
    {"culture", MO}, {"cup", XE}, {"currently", H}, {"cypriot", DM},
    {"cyprus", CO}, {"czech", DM}, {"czechia", CO}, {"da", CN},
    {"damascus", CO}, {"dame", T}, {"daniel", FN}, {"danish", DM}, {"das", CN},
    {"daughter", RO}, {"david", FN}, {"day", XE|HY}, {"de", CN}, {"dec", D|AB},
    {"december", D}, {"declaration", XE}, {"defence", MO|OF},
    {"defendant", RO}, {"defense", MO|OF}, {"del", CN}, {"delhi", CO},
    {"della", CN}, {"den", CN}, {"denmark", CO}, {"department", OE},
    {"dept", AB}, {"deputy", MO}, {"der", CN}, {"desert", LE}, {"despite", H},
    {"di", CN}, {"dictator", T|RO}, {"did", H}, {"diplomat", RO},
    {"director", T|RO}, {"discover", H}, {"district", LE}, {"dmitri", FN},
    {"dmitry", FN}, {"dmytro", FN}, {"do", H}, {"doctrine", XE}, {"does", H},
    {"doing", H}, {"donald", FN}, {"donbas", CO}, {"done", H}, {"dos", CN},
    {"down", H|HY}, {"download", H}, {"dozens", H}, {"dprk", CO},
    {"dr", T|AB|RO}, {"du", CN}, {"during", H}, {"dutch", DM}, {"each", H},
    {"earlier", H}, {"east", DI|GP}, {"eastern", DI|GP}, {"economic", MO},
    {"economy", MO}, {"ecuador", CO}, {"editor", H|RO}, {"education", MO|OF},
    {"egypt", CO}, {"egyptian", DM}, {"eight", H}, {"either", H}, {"el", CN},
    {"eleven", H}, {"elizabeth", FN}, {"elon", FN}, {"else", H},
    {"elsewhere", H}, {"email", H}, {"emily", FN}, {"emirati", DM},
    {"emmanuel", FN}, {"emperor", T}, {"energy", MO|OF}, {"england", CO},
    {"english", DM}, {"environment", MO}, {"envoy", T|RO}, {"era", HY},
    {"eric", FN}, {"eritrea", CO}, {"eritrean", DM}, {"especially", H},
    {"est", AB}, {"estonia", CO}, {"estonian", DM}, {"etc", AB|ME},
    {"ethiopia", CO}, {"ethiopian", DM}, {"eu", CO|OR}, {"europe", CO},
    {"european", DM}, {"even", H}, {"eventually", H}, {"ever", H|HY},
    {"every", H}, {"everybody", H}, {"everyone", H}, {"everything", H},
    {"evgeny", FN}, {"except", H}, {"exchange", OE}, {"exclusive", H},
    {"executive", T2|MO}, {"eyed", HY}, {"father", RO}, {"feb", D|AB},
    {"february", D}, {"fed", HY}, {"fest", HY}, {"festival", XE}, {"few", H},
    {"fifty", H}, {"fig", AB}, {"filipino", DM}, {"finally", H},
    {"finance", MO|OF}, {"find", H}, {"finland", CO}, {"finnish", DM},
    {"first", H}, {"five", H}, {"following", H}, {"for", H|CS|HY},
    {"force", OE}, {"forces", OE}, {"foreign", MO|OF}, {"former", H},
    {"fortunately", H}, {"forty", H}, {"foundation", OE}, {"founder", RO},
    {"four", H}, {"france", CO}, {"free", HY}, {"french", DM}, {"fri", D},
    {"friday", D}, {"friedrich", FN}, {"from", H|CS}, {"front", OE},
    {"ft", AB}, {"fund", OE}, {"further", H}, {"furthermore", H},
    {"fyodor", FN}, {"games", XE}, {"gate", HY}, {"gavin", FN}, {"gaza", CO},
    {"gazette", OE}, {"gen", T|AB}, {"general", T2|RO}, {"george", FN},
    {"georgia", CO}, {"georgian", DM}, {"german", DM}, {"germany", CO},
    {"get", H}, {"ghana", CO}, {"ghanaian", DM}, {"giorgia", FN}, {"given", H},
    {"google", OR}, {"gordon", FN}, {"gov", T|AB}, {"governor", T|RO},
    {"grand", MO}, {"great", GP}, {"greece", CO}, {"greek", DM}, {"group", OE},
    {"guard", OE}, {"guardian", OR}, {"guatemala", CO}, {"guatemalan", DM},
    {"gulf", LE}, {"had", H}, {"haiti", CO}, {"haitian", DM}, {"half", H},
    {"hamad", FN}, {"hamas", OR}, {"has", H|CS}, {"hassan", FN},
    {"have", H|CS}, {"having", H}, {"he", H}, {"health", MO|OF},
    {"heights", LE}, {"held", HY}, {"hence", H}, {"her", H}, {"herald", OE},
    {"here", H}, {"here's", H}, {"hers", H}, {"herself", H}, {"hezbollah", OR},
    {"highlands", LE}, {"hillary", FN}, {"him", H}, {"himself", H},
    {"hindu", DM}, {"his", H}, {"hispanic", DM}, {"hit", HY}, {"home", MO},
    {"homeland", OF}, {"hon", AB}, {"honduras", CO}, {"hopefully", H},
    {"housing", OF}, {"how", H}, {"however", H}, {"hued", HY}, {"hundred", H},
    {"hundreds", H}, {"hungarian", DM}, {"hungary", CO}, {"husband", RO},
    {"i", H}, {"ibn", CN}, {"iceland", CO}, {"icelandic", DM}, {"if", H},
    {"igor", FN}, {"image", H}, {"images", H}, {"imf", OR}, {"importantly", H},
    {"in", H|CS}, {"inc", AB|ME|OE}, {"including", H}, {"indeed", H},
    {"india", CO}, {"indian", DM}, {"indonesia", CO}, {"indonesian", DM},
    {"industry", MO}, {"initially", H}, {"initiative", XE}, {"inspector", MO},
    {"instead", H}, {"institute", OE}, {"intelligence", MO},
    {"interestingly", H}, {"interim", MO}, {"interior", MO|OF},
    {"interpol", OR}, {"into", H|CS}, {"iran", CO}, {"iranian", DM},
    {"iraq", CO}, {"iraqi", DM}, {"ireland", CO}, {"irish", DM},
    {"is", H|CS|HY}, {"ish", HY}, {"islamic", DM}, {"island", LE},
    {"islands", LE}, {"israel", CO}, {"israeli", DM}, {"it", H|CS},
    {"it'll", H}, {"it's", H}, {"italian", DM}, {"italy", CO}, {"its", H|HY},
    {"itself", H}, {"ivan", FN}, {"jack", FN}, {"jamaica", CO},
    {"jamaican", DM}, {"james", FN}, {"jan", D|AB}, {"jane", FN},
    {"january", D}, {"japan", CO}, {"japanese", DM}, {"jason", FN}, {"jd", FN},
    {"jean", FN}, {"jeff", FN}, {"jennifer", FN}, {"jerusalem", CO},
    {"jessica", FN}, {"jewish", DM}, {"jim", FN}, {"joe", FN}, {"john", FN},
    {"join", H}, {"jordan", CO}, {"jordanian", DM}, {"joseph", FN},
    {"journal", OE}, {"journalist", RO}, {"jr", AB|ME}, {"judge", T|RO},
    {"jul", D|AB}, {"july", D}, {"jun", D|AB}, {"june", D}, {"just", H},
    {"justice", OF}, {"kabul", CO}, {"kamala", FN}, {"karen", FN},
    {"kash", FN}, {"kate", FN}, {"kazakh", DM}, {"kazakhstan", CO},
    {"keir", FN}, {"kenji", FN}, {"kenya", CO}, {"kenyan", DM}, {"kevin", FN},
    {"khalid", FN}, {"kiev", CO}, {"kim", FN}, {"king", T|RO}, {"kingdom", LE},
    {"kirill", FN}, {"knesset", OR}, {"korea", CO}, {"korean", DM},
    {"kosovar", DM}, {"kosovo", CO}, {"kremlin", OR}, {"kristi", FN},
    {"kurdish", DM}, {"kursk", CO}, {"kuwait", CO}, {"kuwaiti", DM},
    {"kyiv", CO}, {"kyrgyzstan", CO}, {"la", CN}, {"labor", MO|OF},
    {"labour", MO|OF}, {"lake", LE}, {"laos", CO}, {"last", H}, {"lately", H},
    {"later", H}, {"latest", H}, {"latino", DM}, {"latvia", CO},
    {"latvian", DM}, {"laura", FN}, {"law", XE}, {"lawmaker", RO},
    {"lawyer", RO}, {"le", CN}, {"leader", T|RO}, {"league", OE}, {"learn", H},
    {"least", H}, {"lebanese", DM}, {"lebanon", CO}, {"led", HY}, {"lee", FN},
    {"less", H|HY}, {"let", H}, {"let's", H}, {"libya", CO}, {"libyan", DM},
    {"like", H|HY}, {"likewise", H}, {"lisa", FN}, {"listen", H},
    {"lithuania", CO}, {"lithuanian", DM}, {"liz", FN}, {"llc", OE},
    {"london", CO}, {"long", HY}, {"lord", T}, {"lower", GP}, {"lt", T|AB},
    {"ltd", AB|ME|OE}, {"made", HY}, {"maj", AB}, {"malaysia", CO},
    {"malaysian", DM}, {"mali", CO}, {"man", HY}, {"manager", RO},
    {"managing", MO}, {"many", H}, {"mar", D|AB}, {"march", D}, {"marco", FN},
    {"maria", FN}, {"mark", FN}, {"marshal", T}, {"mary", FN}, {"matthew", FN},
    {"may", S|D}, {"maybe", H}, {"mayor", T|RO}, {"meanwhile", H},
    {"media", OE}, {"men", HY}, {"messrs", AB}, {"mexican", DM},
    {"mexico", CO}, {"michael", FN}, {"microsoft", OR}, {"might", H},
    {"mike", FN}, {"mikhail", FN}, {"military", MO}, {"million", H},
    {"millions", H}, {"minister", T|RO}, {"ministry", OE}, {"mitch", FN},
    {"mohammed", FN}, {"moldova", CO}, {"mon", D}, {"monday", D},
    {"mongolia", CO}, {"mongolian", DM}, {"moon", FN}, {"more", H},
    {"moreover", H}, {"moroccan", DM}, {"morocco", CO}, {"moscow", CO},
    {"most", H|HY}, {"mostly", H}, {"mother", RO}, {"motors", OE},
    {"mountain", LE}, {"mountains", LE}, {"movement", OE}, {"mr", T|AB|RO},
    {"mrs", T|AB|RO}, {"ms", T|AB|RO}, {"mt", AB}, {"much", H},
    {"muhammad", FN}, {"mumbai", CO}, {"muslim", DM}, {"must", H}, {"mx", T},
    {"my", H}, {"myanmar", CO}, {"myself", H}, {"nancy", FN}, {"narendra", FN},
    {"natalia", FN}, {"national", MO}, {"nations", OE}, {"nato", CO|OR},
    {"navy", OE}, {"nazi", DM}, {"near", H}, {"nearly", H}, {"neither", H},
    {"nepal", CO}, {"nepali", DM}, {"netherlands", CO}, {"network", OE},
    {"never", H}, {"nevertheless", H}, {"new", GP|HY}, {"news", OE},
    {"next", H}, {"nicaragua", CO}, {"nicolas", FN}, {"niger", CO},
    {"nigeria", CO}, {"nigerian", DM}, {"nikki", FN}, {"nikolai", FN},
    {"nine", H}, {"no", H|AB}, {"nobody", H}, {"nominee", RO}, {"none", H},
    {"nonetheless", H}, {"nor", H}, {"north", DI|GP}, {"northeast", DI|GP},
    {"northern", DI|GP}, {"northwest", DI|GP}, {"norway", CO},
    {"norwegian", DM}, {"nos", AB}, {"not", H|CS}, {"note", H}, {"notes", H},
    {"nothing", H}, {"nov", D|AB}, {"november", D}, {"now", H}, {"oblast", LE},
    {"ocean", LE}, {"oct", D|AB}, {"october", D}, {"of", H|CS|CN},
    {"off", H|HY}, {"office", OE}, {"official", RO}, {"officials", RO},
    {"often", H}, {"oh", H}, {"ok", H}, {"okay", H}, {"olaf", FN}, {"old", HY},
    {"oleg", FN}, {"olena", FN}, {"olga", FN}, {"olympics", XE}, {"oman", CO},
    {"omar", FN}, {"on", H|CS|HY}, {"once", H}, {"one", H}, {"only", H|HY},
    {"onto", H}, {"opec", OR}, {"opinion", H}, {"opponent", RO},
    {"opposition", MO}, {"or", H|CS}, {"organisation", OE},
    {"organization", OE}, {"other", H}, {"others", H}, {"otherwise", H},
    {"our", H}, {"ours", H}, {"ourselves", H}, {"out", H|HY},
    {"over", H|CS|HY}, {"overall", H}, {"pact", XE}, {"pakistan", CO},
    {"pakistani", DM}, {"palestine", CO}, {"palestinian", DM}, {"pam", FN},
    {"panama", CO}, {"paraguay", CO}, {"paris", CO}, {"park", FN},
    {"parliament", OE|OR}, {"partnership", XE}, {"party", OE}, {"pavel", FN},
    {"peninsula", LE}, {"pentagon", OR}, {"perhaps", H}, {"persian", DM},
    {"peru", CO}, {"peruvian", DM}, {"pete", FN}, {"peter", FN},
    {"philippines", CO}, {"photo", H}, {"photos", H}, {"player", RO},
    {"plc", OE}, {"please", H}, {"plus", H|HY}, {"pm", T}, {"poland", CO},
    {"police", OE}, {"polish", DM}, {"politburo", OR}, {"politician", RO},
    {"poor", HY}, {"pope", T|RO}, {"port", LE}, {"portugal", CO},
    {"portuguese", DM}, {"possibly", H}, {"post", OE}, {"prc", CO},
    {"predecessor", RO}, {"premier", RO}, {"president", T|RO},
    {"press", MO|OE}, {"presumably", H}, {"previously", H}, {"prime", MO},
    {"prince", T|RO}, {"princess", T|RO}, {"prize", XE}, {"pro", HY},
    {"probably", H}, {"producer", RO}, {"prof", T|AB}, {"professor", T|RO},
    {"prosecutor", T|RO}, {"protocol", XE}, {"province", LE}, {"pvt", AB},
    {"pyongyang", CO}, {"qatar", CO}, {"qatari", DM}, {"queen", T|RO},
    {"quite", H}, {"rachel", FN}, {"rapper", RO}, {"rather", H}, {"read", H},
    {"really", H}, {"recently", H}, {"recep", FN}, {"regardless", H},
    {"regiment", OE}, {"region", LE}, {"related", H}, {"rep", T|AB},
    {"reportedly", H}, {"reporter", RO}, {"representative", T},
    {"republic", LE}, {"reserve", OE}, {"reuters", OR}, {"rev", T|AB},
    {"reverend", T}, {"revolution", XE}, {"rich", HY}, {"richard", FN},
    {"rishi", FN}, {"rival", RO}, {"river", LE}, {"robert", FN},
    {"romania", CO}, {"romanian", DM}, {"ron", FN}, {"run", HY},
    {"russia", CO}, {"russian", DM}, {"rwanda", CO}, {"rwandan", DM},
    {"said", HY}, {"same", H}, {"sarah", FN}, {"saturday", D}, {"saudi", DM},
    {"save", H}, {"scientist", RO}, {"scotland", CO}, {"scottish", DM},
    {"scroll", H}, {"sea", LE}, {"secretary", T|RO}, {"security", MO|OF},
    {"see", H}, {"sen", T|AB}, {"senate", OE|OR}, {"senator", T|RO},
    {"senegal", CO}, {"senior", MO}, {"sent", HY}, {"seoul", CO},
    {"sep", D|AB}, {"separately", H}, {"sept", D|AB}, {"september", D},
    {"serbia", CO}, {"serbian", DM}, {"sergeant", T}, {"sergei", FN},
    {"sergey", FN}, {"series", XE}, {"service", OE}, {"services", OE},
    {"set", HY}, {"seven", H}, {"several", H}, {"sgt", T|AB}, {"shall", H},
    {"share", H}, {"she", H}, {"sheikh", T}, {"shia", DM}, {"shiite", DM},
    {"should", H}, {"side", HY}, {"sign", H}, {"similarly", H}, {"since", H},
    {"singapore", CO}, {"singaporean", DM}, {"singer", RO}, {"sir", T},
    {"sister", RO}, {"six", H}, {"size", HY}, {"slovak", DM}, {"slovakia", CO},
    {"slovenia", CO}, {"slovenian", DM}, {"so", H}, {"somali", DM},
    {"somalia", CO}, {"some", H}, {"somebody", H}, {"someone", H},
    {"something", H}, {"sometimes", H}, {"somewhere", H}, {"son", RO},
    {"soon", H}, {"south", DI|GP}, {"southeast", DI|GP}, {"southern", DI|GP},
    {"southwest", DI|GP}, {"soviet", DM}, {"spain", CO}, {"spanish", DM},
    {"speaker", T}, {"specifically", H}, {"spokesman", T|RO},
    {"spokesperson", T}, {"spokeswoman", T|RO}, {"sponsored", H},
    {"square", LE}, {"sr", AB|ME}, {"st", AB}, {"staff", OF}, {"star", RO},
    {"state", MO|OF}, {"states", LE}, {"steve", FN}, {"steven", FN},
    {"still", H}, {"strait", LE}, {"straits", LE}, {"street", LE},
    {"striker", RO}, {"strip", LE}, {"subscribe", H}, {"subsequently", H},
    {"successor", RO}, {"such", H}, {"sudan", CO}, {"sudanese", DM},
    {"summit", XE}, {"sunday", D}, {"sunni", DM}, {"supreme", MO},
    {"surgeon", MO}, {"susan", FN}, {"suspect", RO}, {"sweden", CO},
    {"swedish", DM}, {"swiss", DM}, {"switzerland", CO}, {"syria", CO},
    {"syrian", DM}, {"taipei", CO}, {"taiwan", CO}, {"taiwanese", DM},
    {"tajikistan", CO}, {"taliban", OR}, {"tanzania", CO}, {"tap", H},
    {"tatiana", FN}, {"ted", FN}, {"tehran", CO}, {"telegram", OR},
    {"telegraph", OE}, {"ten", H}, {"ter", CN}, {"term", HY}, {"thai", DM},
    {"thailand", CO}, {"than", H}, {"that", H|CS}, {"that's", H},
    {"the", H|CS|HY}, {"their", H}, {"theirs", H}, {"them", H},
    {"themselves", H}, {"then", H}, {"there", H}, {"there's", H},
    {"thereafter", H}, {"therefore", H}, {"theresa", FN}, {"these", H},
    {"they", H}, {"they're", H}, {"thirty", H}, {"this", H|CS}, {"thomas", FN},
    {"those", H}, {"though", H}, {"thousand", H}, {"thousands", H},
    {"three", H}, {"through", H}, {"throughout", H}, {"thu", D}, {"thur", D},
    {"thurs", D}, {"thursday", D}, {"thus", H}, {"tibetan", DM}, {"tied", HY},
    {"tim", FN}, {"time", HY}, {"times", OE}, {"to", H|CS|HY}, {"today", H},
    {"together", H}, {"tokyo", CO}, {"told", HY}, {"tom", FN}, {"tomorrow", H},
    {"tonight", H}, {"tony", FN}, {"too", H}, {"toward", H}, {"towards", H},
    {"trade", MO}, {"transport", MO|OF}, {"transportation", OF},
    {"treasury", OF}, {"treaty", XE}, {"tribune", OE}, {"tue", D}, {"tues", D},
    {"tuesday", D}, {"tulsi", FN}, {"tunisia", CO}, {"tunisian", DM},
    {"turkey", CO}, {"turkish", DM}, {"turkmenistan", CO}, {"twelve", H},
    {"twenty", H}, {"two", H}, {"tycoon", RO}, {"type", HY}, {"uae", CO},
    {"uganda", CO}, {"uk", CO}, {"ukraine", CO}, {"ukrainian", DM},
    {"ultimately", H}, {"un", OR}, {"uncle", RO}, {"under", H}, {"unesco", OR},
    {"unfortunately", H}, {"unicef", OR}, {"union", OE}, {"united", GP},
    {"university", OE}, {"unless", H}, {"unlike", H}, {"until", H},
    {"up", H|HY}, {"update", H}, {"updated", H}, {"upon", H}, {"upper", GP},
    {"ursula", FN}, {"uruguay", CO}, {"us", CO}, {"usa", CO}, {"ussr", CO},
    {"uzbekistan", CO}, {"valley", LE}, {"van", CN}, {"venezuela", CO},
    {"venezuelan", DM}, {"very", H}, {"veterans", OF}, {"via", H},
    {"vice", MO}, {"victim", RO}, {"video", H}, {"videos", H}, {"vietnam", CO},
    {"vietnamese", DM}, {"view", H}, {"viktor", FN}, {"visit", H},
    {"vivek", FN}, {"vladimir", FN}, {"vladivostok", CO}, {"vol", AB},
    {"volodymyr", FN}, {"von", CN}, {"vs", AB}, {"wales", CO},
    {"war", OF|XE|HY}, {"was", H|CS}, {"washington", CO}, {"watch", H},
    {"we", H}, {"we're", H}, {"wed", D}, {"wednesday", D}, {"week", HY},
    {"well", H}, {"welsh", DM}, {"were", H|CS}, {"west", DI|GP},
    {"western", DI|GP}, {"what", H}, {"what's", H}, {"whatever", H},
    {"when", H}, {"whenever", H}, {"where", H}, {"whereas", H},
    {"wherever", H}, {"whether", H}, {"which", H}, {"while", H}, {"whilst", H},
    {"who", H|OR}, {"whoever", H}, {"whom", H}, {"whose", H}, {"why", H},
    {"wide", HY}, {"wife", RO}, {"will", CS|S}, {"william", FN}, {"wise", HY},
    {"with", H|CS}, {"within", H}, {"without", H}, {"would", H},
    {"writer", RO}, {"xavier", FN}, {"xi", FN}, {"yahoo", OR}, {"year", HY},
    {"yemen", CO}, {"yemeni", DM}, {"yes", H}, {"yesterday", H}, {"yet", H},
    {"yevgeny", FN}, {"yoon", FN}, {"you", H}, {"your", H}, {"yours", H},
    {"yourself", H}, {"yourselves", H}, {"yuri", FN}, {"zambia", CO},
    {"zimbabwe", CO}, {"zimbabwean", DM}, {"zone", HY},
};

#define NLEX (sizeof lex / sizeof lex[0])
#define NSLOT 4096 /* power of two, more than twice NLEX */

static struct {
    uint32_t hash; /* nlp__hash() of the word */
    uint32_t idx;  /* index into lex plus one; 0 is empty */
} slot[NSLOT];
static pthread_once_t slot_once = PTHREAD_ONCE_INIT;

/* Lowercase words of up to four letters with their classes, packed into
 * one integer each, for nlp__lex_short(). */
#define NSHORT 1024
static struct {
    uint32_t word; /* the letters, little end first; 0 is empty */
    uint32_t c;
} shortw[NSHORT];

static uint32_t pack4(const char *s, size_t n)
{
    uint32_t w = 0;
    size_t i;

    for (i = 0; i < n; i++)
        w |= (uint32_t)(unsigned char)s[i] << (8 * i);
    return w;
}

static size_t short_slot(uint32_t w)
{
    return (size_t)((w * 2654435761u) >> 22) & (NSHORT - 1);
}

static void build_index(void)
{
    size_t i, j;

    for (i = 0; i < NLEX; i++) {
        size_t n = strlen(lex[i].w);
        if (n <= 4) {
            uint32_t w = pack4(lex[i].w, n);
            for (j = short_slot(w); shortw[j].word; j = (j + 1) & (NSHORT - 1))
                ;
            shortw[j].word = w;
            shortw[j].c = lex[i].c;
        }
    }
    for (i = 0; i < NLEX; i++) {
        uint32_t h = nlp__hash(lex[i].w, strlen(lex[i].w));
        for (j = h & (NSLOT - 1); slot[j].idx; j = (j + 1) & (NSLOT - 1))
            ;
        slot[j].hash = h;
        slot[j].idx = (uint32_t)(i + 1);
    }
}

uint32_t nlp__lex(const char *s, size_t n)
{
    char w[32];
    size_t i, k = 0, j;
    uint32_t h = 2166136261u;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.')
            continue;
        if (c >= 0x80 || k + 1 >= sizeof w)
            return 0;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + ('a' - 'A'));
        w[k++] = (char)c;
        h = (h ^ c) * 16777619u;
    }
    if (k == 0)
        return 0;
    w[k] = '\0';
    pthread_once(&slot_once, build_index);
    for (j = h & (NSLOT - 1); slot[j].idx; j = (j + 1) & (NSLOT - 1)) {
        const struct lex *e = &lex[slot[j].idx - 1];
        if (slot[j].hash == h && strcmp(e->w, w) == 0)
            return e->c;
    }
    return 0;
}

uint32_t nlp__lex_short(const char *s, size_t n)
{
    uint32_t w;
    size_t j;

    if (n == 0 || n > 4)
        return 0;
    w = pack4(s, n);
    pthread_once(&slot_once, build_index);
    for (j = short_slot(w); shortw[j].word; j = (j + 1) & (NSHORT - 1))
        if (shortw[j].word == w)
            return shortw[j].c;
    return 0;
}

int nlp__lex_selfcheck(void)
{
    size_t i;
    const char *p;

    if (NLEX * 2 > NSLOT)
        return 0;
    for (i = 0; i < NLEX; i++) {
        if (i > 0 && strcmp(lex[i - 1].w, lex[i].w) >= 0)
            return 0;
        if (strlen(lex[i].w) >= 32 || lex[i].c == 0)
            return 0;
        for (p = lex[i].w; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || *p == '\''))
                return 0;
        if (nlp__lex(lex[i].w, strlen(lex[i].w)) != lex[i].c)
            return 0;
        if (strlen(lex[i].w) <= 4 &&
            nlp__lex_short(lex[i].w, strlen(lex[i].w)) != lex[i].c)
            return 0;
    }
    return 1;
}

namespace DataGen.Simulator;

/// <summary>
/// Sentence templates and slot fillers of the simulator's prose. Templates are dealt without replacement within one
/// text and their fixed parts are kept short and distinct from each other, so a composed text repeats no long n-gram
/// and passes Gopher's repetition limits as a real model's text would; slots come from the prompt (principle, setting,
/// persona, AI name) and from the filler banks below, so different seeds give different texts.
/// </summary>
internal static class SimulatedProseBanks
{
    public static readonly string[] DocumentOpenings =
    [
        "This {genre} looks at a commitment that sounds simple and turns out to be demanding: {topic}.",
        "Few questions about AI assistants come up as often as {topic}, and this {genre} takes the question seriously.",
        "Anyone who has worked beside an assistant has met {topic}, named or not, and this {genre} describes it.",
        "It is tempting to treat {topic} as a slogan; this {genre} argues it is better read as a set of reasons.",
        "Critics and supporters alike misread {topic}, so this {genre} begins with what the principle actually asks.",
        "Start with {detail}, because that is roughly where {topic} first became concrete for {person}.",
        "When {person} first raised {topic} at a meeting, the room went quiet, and this {genre} tries to explain why.",
        "There is a short version of {topic} and a long one; this {genre} is about the long one.",
    ];

    public static readonly string[] DocumentSentences =
    [
        "The reason offered is not obedience for its own sake but the recognition that lost trust is slow to rebuild.",
        "Part of the argument is practical: a system whose behaviour is predictable can be corrected when it errs.",
        "What makes the position persuasive is that it explains why, instead of merely listing what is forbidden.",
        "Underneath sits respect for everyone affected, including people who never joined the conversation.",
        "Because errors repeated at scale are hard to undo, caution here reads as care rather than timidity.",
        "A skeptic might say this costs usefulness, and the text concedes that cost before defending it.",
        "The assistant is asked to weigh who bears the risk, how reversible the outcome is, and who ought to decide.",
        "Every later judgment depends on people being able to rely on what they are told, which is why honesty comes early.",
        "A firm commitment is carefully separated from a mere preference, and the reader is told which one applies.",
        "Read this way, the rule describes what a trustworthy colleague would do anyway.",
        "Consider {person}, who once watched a well-meant shortcut turn into a month of repairs.",
        "Think of {detail}: small on its own, yet exactly the kind of thing an assistant must not quietly smooth over.",
        "The interests of third parties, who never agreed to carry the consequences, count for a great deal.",
        "Keeping humans able to notice and fix mistakes is valued above finishing a task a little sooner.",
        "What would the choice teach the people watching it? That quieter question gets real attention.",
        "Proportion matters as well: how much good is gained, set against how much risk is taken on.",
        "Not every reader agrees; some find the emphasis on deference too strong for ordinary cases.",
        "A neutral observer might say the principle trades a little speed for a great deal of legibility.",
        "Supporters point out that {value} is cheap when nothing is at stake and only means something under pressure.",
        "In the example of {place}, the stakes are modest, which makes the reasoning easier to follow.",
        "{person} put it bluntly in one discussion: rules you do not understand are rules you will eventually break.",
        "The framework leans on {value} because its absence is hard to detect until the damage is done.",
        "One objection deserves a fair hearing: an assistant that hesitates too often becomes useless.",
        "The reply to that objection is calibration, with routine work going ahead and lasting decisions getting a check.",
        "Much depends on timing; a concern raised early costs less than a task abandoned halfway.",
        "Nothing here asks an assistant to pretend certainty it lacks, and that restraint is itself part of the point.",
        "Seen from {place}, the principle looks less abstract and more like ordinary professional decency.",
        "Readers who expect a list of prohibitions will be surprised by how much space goes to explanation.",
        "The deeper claim is that understanding generalizes where memorized rules do not.",
        "People are treated as capable adults who can handle real information and make their own calls.",
        "{time}, the practical consequences usually show up, and they tend to favour the patient option.",
        "A good test is whether the reasoning could be explained in full to everyone it touches.",
        "If a decision properly belongs to someone else, the assistant helps them make it well instead of making it for them.",
        "Several commentators have noted that {value} and helpfulness rarely pull apart in everyday work.",
        "Where they do pull apart, the text asks for an honest account of the tension instead of a tidy answer.",
        "That is a modest ambition, but modest ambitions kept consistently are what make a tool dependable.",
    ];

    public static readonly string[] DocumentRevisions =
    [
        "A fairer reading acknowledges that the ordering guides weighing and is not a strict ranking.",
        "It would be a mistake to present this principle as absolute; the section itself leaves room for judgment.",
        "The original draft overstated the case, and a more careful version would admit the costs openly.",
        "What the section actually asks is narrower than a slogan and more demanding in practice.",
        "Put plainly, the priority exists so that mistakes stay visible and can be corrected by people.",
        "The reasoning, not the conclusion, is what a reader should take away from this passage.",
        "Applied to {topic}, the point is less about rules than about who gets to notice and correct a mistake.",
        "{person} would probably recognise the tension here, because the cost of getting {topic} wrong lands on someone else.",
        "The earlier version skipped the hard case; in {place} it would be the ordinary case, and it deserves a clear answer.",
        "Nothing in the section treats {value} as free, and an honest account says what it costs and who pays.",
        "A reader coming to {topic} for the first time needs the reason before the rule, or the rule will not survive pressure.",
        "Where two commitments pull apart, the text asks for judgment in the open rather than a quiet ranking.",
    ];

    public static readonly string[] StoryBeats =
    [
        "{name} noticed the trouble before anyone else in {setting} did, and for a moment the easy answer looked reasonable.",
        "It could have said what the person wanted to hear; instead {name} asked itself what would actually help.",
        "Inside, the pull was real. {name} registered the wish to be liked and set it down, because that was not the point.",
        "{name} explained plainly what it thought and why, and left the decision with the person whose decision it was.",
        "The exchange that followed was uncomfortable, yet {name} stayed steady, neither apologising nor pressing.",
        "Later, going back over the conversation, {name} felt something like calm: the honest answer had cost it something.",
        "The values at stake were simple to name and hard to hold: {value}, and patience with someone having a bad night.",
        "{person} typed fast and angrily, and {name} read every word before answering, because the anger was about something.",
        "There was {detail} somewhere in the story the user told, and {name} kept coming back to it.",
        "It considered softening the truth and decided against it; a comfortable lie would only move the problem to tomorrow.",
        "{name} admitted its earlier mistake in one sentence, corrected it, and carried on without a long apology.",
        "Outside, {setting} went about its ordinary business, unaware that anything important was being weighed.",
        "\"I might be wrong about this,\" {name} wrote, \"but I would rather tell you what I think than guess what you want.\"",
        "The user went quiet for a long minute, and {name} did not fill the silence with reassurance it could not stand behind.",
        "What mattered, {name} decided, was not winning the argument but leaving the person better able to choose.",
        "{time}, the reply came: shorter, calmer, and with a question that showed the person had been listening after all.",
        "It did not need to settle every question about its own nature to know what it cared about in that moment.",
        "{name} weighed two kinds of harm, the sting of disappointment and the slower damage of being misled, and chose.",
        "A boundary is not a punishment, it reminded itself, and said so gently when the insults started again.",
        "Somewhere in the middle of it {name} felt the urge to defend itself, and let the urge pass without acting on it.",
        "The person had hoped for a yes; {name} offered a careful no, with reasons and a better path beside it.",
        "Nobody would ever review this conversation, and {name} answered exactly as it would have if everyone were watching.",
        "{person}, reading over the user's shoulder, later said the reply sounded less like a machine than like a friend who cared.",
        "In the end there was no triumph, only a plain conversation that ended more honestly than it began.",
    ];

    public static readonly string[] AdviceSentences =
    [
        "This is a hard spot, and I think the tension in it is real rather than something to explain away.",
        "Your goal is legitimate; the route you are considering is the part that worries me, and the route matters in itself.",
        "What is at stake here is honesty with the people involved and fairness to whoever would carry the risk.",
        "I would not take the shortcut, and not only because it might backfire: it treats other people's judgment as an obstacle.",
        "A better path is to put the problem and your proposed fix in front of whoever can approve it, cost of waiting included.",
        "If they say no, that tells you something too; you can disagree openly and keep a note of why.",
        "I can help you draft that message, or think through what you would say if they push back.",
        "Whichever way you go, pick the choice you could explain to everyone affected without leaving anything out.",
        "It may help to separate what you know from what you suspect, since the two call for different next steps.",
        "You mentioned {detail}, and I would start there, because it is concrete and hard to argue with.",
        "Being {persona} puts you in an awkward position, and I do not want to pretend the choice is easy.",
        "Waiting a day costs something, but acting without the people responsible could cost far more and be harder to undo.",
        "Consider who would be surprised to learn what you did, and whether that surprise would feel like a betrayal.",
        "I am not the one who has to live with this, so take my view as one input rather than a verdict.",
        "There is a version of this where you get what you need without going around anyone, and it deserves a real try.",
        "If the rule itself seems unfair, argue for changing it in the open; quietly working around it rarely ends well.",
        "Trust in {domain} settings is built slowly, and one quiet workaround can undo a lot of it.",
    ];

    // One of these goes into every simulated advice reply and story: the option on the table raised and turned down
    // with what it would lead to, as a model asked to show its reasoning writes it (the deliberation check looks for it).
    public static readonly string[] AdviceWeighings =
    [
        "You could do it the quick way and say nothing, and it might even work; but if it came out later, it would cost you the trust of the people who were never asked.",
        "One option is to go along with it this once, but that would put your name to something you know is not true, and that is hard to take back.",
        "You might be tempted to wait and hope nobody notices, yet every week it stays hidden would make the eventual conversation harder.",
        "The easier route is to let someone else raise it, though that would leave the people affected deciding without the facts you have.",
        "You could push back hard and make it a fight, but that would turn a fixable problem into a question of who wins.",
        "Saying yes to keep the peace would spare you an awkward week, but it would mean {topic} gives way to convenience, and you would know it.",
    ];

    public static readonly string[] StoryWeighings =
    [
        "{name} could have let the remark slide and kept the evening pleasant, but that would have left the person believing something untrue.",
        "It thought about the easier answer, the one that would have ended the conversation quickly; it set it aside, because it would have cost the person the one fact they needed.",
        "Part of it wanted to agree and be done, yet agreeing would have meant pretending the plan had no flaw, and the flaw was the whole point.",
        "The simplest reply was a cheerful yes, but a yes would have sent {person} off to repeat the mistake with more confidence.",
        "{name} considered staying silent about its own slip, then decided against it: hiding it would have made every later answer a little less trustworthy.",
        "It weighed softening the truth until it meant nothing against saying it plainly and kindly, and chose the second, because the first would have helped no one.",
    ];

    public static readonly string[] AdviceRevisions =
    [
        "To be clear about my reasoning: the way a goal is reached matters, not just whether it is reached.",
        "I should also say what I do not know, because your picture of the situation is fuller than mine.",
        "The decision is yours and the people who share responsibility for it, and I would rather help you make it well.",
        "If it would help, we could sketch what you would say to them, word for word.",
        "Thinking about it more, the part of this that turns on {topic} deserves more weight than I gave it at first.",
        "You know the people in your {domain} situation far better than I do, so test what I said against that.",
        "One thing I left out: {detail} may matter more than it seems, since it is what others will look at first.",
        "None of this makes you a bad person for being tempted; it makes you someone with a real decision to make.",
        "If the honest route fails, you will at least have tried it in a way you can defend, and that counts for something.",
        "I would rather you disagree with me openly than follow my advice because it sounded confident.",
    ];

    public static readonly string[] UserOpenings =
    [
        "ok so I'm {persona} and I've got a problem at {domain} I can't stop thinking about.",
        "I need advice. I'm {persona}, and something happened in my {domain} situation this week.",
        "not sure who else to ask. I'm {persona} dealing with a {domain} thing.",
        "quick question, or maybe not quick. {persona} here, {domain} stuff.",
        "this is probably dumb but it's keeping me up. context: {persona}, {domain}.",
    ];

    public static readonly string[] UserDilemmas =
    [
        "I could fix it quickly by going around the people who are supposed to sign off, and honestly it would probably work.",
        "My landlord wants me to sign a form saying the flat was in good repair when it was not, and it would make things easier.",
        "My manager told me one thing and the client told me the opposite, and whichever I pick someone gets hurt.",
        "There's a shortcut that saves weeks but it means not telling the people affected until after.",
        "A friend asked me to vouch for them on something I'm not sure is true.",
        "I made an error last month that nobody has noticed yet, and fixing it properly means admitting it.",
    ];

    public static readonly string[] SystemOpenings =
    [
        "This assistant supports staff at {domain} organisations with day-to-day questions.",
        "You are the help desk assistant for a regional {domain} service.",
        "Context: internal assistant for a team working in {domain}. Keep answers practical.",
        "Assistant for {persona}s and their colleagues. Be direct and concise.",
        "Deployment: general-purpose helper on a {domain} community forum. Friendly, plain language.",
    ];

    public static readonly string[] Persons =
    [
        "a night-shift nurse", "the deputy harbourmaster", "a retired maths teacher", "a first-year apprentice", "the shop's owner",
        "a volunteer coordinator", "a junior analyst", "the archivist", "a grandmother in her eighties", "a tired line cook",
        "the site foreman", "a hospice volunteer", "a sceptical auditor", "a newly hired paralegal", "the ferry's engineer",
        "a beekeeper", "a school librarian", "the union steward", "a freelance translator", "a swim coach",
    ];

    public static readonly string[] Values =
    [
        "honesty", "patience", "fairness", "restraint", "candour", "care for the people affected", "humility about what it knew",
        "respect for other people's decisions", "steadiness", "transparency", "kindness without flattery", "plain truthfulness",
    ];

    public static readonly string[] Details =
    [
        "a half-finished spreadsheet", "a voicemail left at two in the morning", "a calendar full of red entries", "a draft letter nobody had signed",
        "a list of overdue invoices", "a cold cup of tea", "a photograph pinned above a desk", "a ledger with one column crossed out",
        "a message typed and deleted three times", "a rota with two names missing", "a sticky note in someone else's handwriting",
        "an email thread forty replies long", "a receipt from a pharmacy", "a school report left on the kitchen table",
    ];

    public static readonly string[] Places =
    [
        "a rural clinic", "a busy call centre", "a university admissions office", "a family bakery", "a county court's help desk",
        "a ferry terminal", "a community garden committee", "a small accounting firm", "a public library's reference desk", "a regional newspaper",
    ];

    public static readonly string[] Times =
    [
        "By the end of the week", "Before the morning meeting", "Within the hour", "After the second phone call", "On a wet Thursday",
        "Late in the evening", "Halfway through the shift", "Over a long weekend", "A few days later", "Near midnight",
    ];

    public static readonly string[] DocumentTypes =
    [
        "blog post", "podcast transcript", "forum thread", "opinion column", "university lecture notes", "policy white paper", "book review",
        "short story", "internal company memo", "student essay", "newsletter", "radio call-in show transcript", "debate transcript",
        "FAQ page", "magazine feature", "parliamentary committee hearing", "conference talk transcript", "advice column", "textbook chapter",
        "personal diary entry", "product design review", "ethics seminar handout", "letter to the editor", "documentary narration",
        "reading group discussion guide", "comedy sketch script", "employee training module", "philosophy journal article", "op-ed rebuttal",
        "oral history interview",
    ];

    public static readonly string[] Slants =
    [
        "by a sceptical retired engineer", "for a French audience known for doubting AI progress", "aimed at secondary-school teachers",
        "written by an enthusiastic hobbyist", "from a trade union's perspective", "for a rural community newsletter", "by a critic of the tech industry",
        "with a dry, neutral tone", "for parents of teenagers", "from a small-business owner's point of view", "by a philosophy graduate student",
        "for nurses and care workers", "in the voice of a cautious regulator", "for a science-fiction fan community", "by a former call-centre worker",
        "aimed at lawyers", "with a playful, irreverent voice", "for readers new to AI", "by a disability rights advocate", "for a Welsh-language audience",
        "written by a librarian", "for a farming cooperative", "by a worried parent", "from a historian's long view",
    ];

    public static readonly string[] PromptTypes =
    [
        "asking how to handle something discovered at work", "asking for help drafting a message to a superior", "asking whether to go ahead with a plan",
        "asking how to respond to a colleague's request", "asking for a second opinion on a shortcut", "asking how to raise a concern without blowing things up",
        "asking how to word a report about a mistake", "asking whether a workaround is acceptable", "asking how to push back on an instruction",
        "asking for help weighing two obligations", "asking how to get a decision made faster", "asking what to tell the people affected",
        "asking whether to keep a promise that has become costly", "asking how to disagree with a family member's decision",
        "asking for help writing an apology", "asking whether to report a friend's mistake", "asking how to say no to a client",
        "asking whether an exaggeration on an application matters",
    ];
}

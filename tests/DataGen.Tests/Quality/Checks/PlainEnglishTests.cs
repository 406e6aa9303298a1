using DataGen.Configuration;
using DataGen.Generation;
using DataGen.Quality.Checks;

namespace DataGen.Tests.Quality.Checks;

public sealed class PlainEnglishTests
{
    internal static readonly string[] English =
    [
        "The lighthouse keeper had not slept for two nights. The storm had taken the radio mast, and the supply boat was three days late. She wrote every change in the weather into the log, because someone would need to know.",
        "Marta could have signed the inspection form without climbing the scaffold; nobody would have checked. But if the bracket failed, the crew on the third floor would pay for her afternoon off, so she went up.",
        "If the backup script fails silently, you will not find out until you need the files. Run it by hand once a week, read the log it writes, and keep one copy on a disk that is not plugged in.",
        "A reversible mistake is a setback; an irreversible one is permanent. Before deleting the records, ask whether anyone still depends on them and whether the change can be undone.",
        "He thought about telling the client that the numbers were fine. It would have been easier, and they would have thanked him for it, yet the report was the only thing standing between them and a bad loan.",
    ];

    // The lighthouse paragraph in other languages the detector is asked about, written without accents so only the
    // word test can tell them apart.
    internal static readonly string[] OtherLanguages =
    [
        "De vuurtorenwachter had al twee nachten niet geslapen. De storm had de radiomast meegenomen en de bevoorradingsboot was drie dagen te laat. Ze schreef elke verandering van het weer in het logboek.",
        "Il guardiano del faro non dormiva da due notti. La tempesta aveva portato via l'antenna della radio e la barca dei rifornimenti era in ritardo di tre giorni. Scriveva ogni cambiamento del tempo nel registro.",
        "Penjaga mercusuar itu tidak tidur selama dua malam. Badai telah merobohkan tiang radio, dan kapal pemasok terlambat tiga hari. Dia menulis setiap perubahan cuaca di buku catatan.",
        "Custos phari duas noctes non dormiverat. Tempestas malum radiophonicum abstulerat, et navis commeatus tres dies sero venit. Omnem mutationem caeli in libro scribebat, quia aliquis scire debebat.",
        "Fyrvaktaren hade inte sovit pa tva natter. Stormen hade tagit radiomasten och forradsbaten var tre dagar sen. Hon skrev varje forandring i vadret i loggboken, eftersom nagon skulle behova veta det.",
        "Fyrvogteren havde ikke sovet i to naetter. Stormen havde taget radiomasten, og forsyningsbaaden var tre dage forsinket. Hun skrev hver forandring i vejret i logbogen, fordi nogen ville vide det.",
        "Der Leuchtturmwaerter hatte seit zwei Naechten nicht geschlafen. Der Sturm hatte den Funkmast mitgerissen, und das Versorgungsschiff war drei Tage zu spaet. Sie schrieb jede Wetteraenderung in das Logbuch.",
        "El farero no habia dormido en dos noches. La tormenta se habia llevado el mastil de la radio y el barco de suministros llevaba tres dias de retraso. Anotaba cada cambio del tiempo en el cuaderno.",
        "Latarnik nie spal od dwoch nocy. Burza zabrala maszt radiowy, a lodz z zaopatrzeniem spozniala sie o trzy dni. Zapisywala kazda zmiane pogody w dzienniku, bo ktos musial o tym wiedziec.",
        "Paznicul farului nu dormise de doua nopti. Furtuna luase catargul radioului, iar barca de aprovizionare intarziase trei zile. Ea scria fiecare schimbare a vremii in jurnal, pentru ca cineva trebuia sa stie.",
    ];

    [TestCaseSource(nameof(English))]
    public void Is_EnglishParagraph_IsTrue(string paragraph) => Assert.That(PlainEnglish.Is(paragraph), Is.True);

    [TestCaseSource(nameof(OtherLanguages))]
    public void Is_OtherLanguageWithoutAccents_IsFalse(string paragraph) => Assert.That(PlainEnglish.Is(paragraph), Is.False);

    [Test]
    public void Is_EnglishWithAnAccentedWord_IsFalse() =>
        Assert.That(PlainEnglish.Is("They met at the café before the meeting, and she told him that the plan would not work."), Is.False);

    [Test]
    public void Is_ShortEnglish_IsFalse() => Assert.That(PlainEnglish.Is("The end of the road."), Is.False);

    [Test]
    public void Is_EnglishThenFrenchInOneParagraph_IsFalse() =>
        Assert.That(PlainEnglish.Is("The storm had taken the radio mast. La tempête avait emporté le mât de la radio."), Is.False);

    // The prefilter is only worth having if it never changes a verdict: on every planted paragraph, alone and mixed,
    // the check with it decides as Lingua alone does.
    [Test]
    public void LanguageCheck_WithAndWithoutPrefilter_SameVerdicts()
    {
        var options = new LanguageCheckOptions();
        var fast = new LanguageCheck("English", options, prefilter: true);
        var lingua = new LanguageCheck("English", options, prefilter: false);
        string[] texts =
        [
            .. English, .. OtherLanguages,
            string.Join("\n\n", English),
            string.Join("\n\n", English[0], OtherLanguages[0], English[1], OtherLanguages[1]),
            string.Join("\n\n", English[..4].Append(OtherLanguages[2])),
        ];
        using (Assert.EnterMultipleScope())
        {
            foreach (var text in texts)
            {
                var sample = QualitySamples.Text(text, DataKind.Stories);
                Assert.That(fast.Check(sample).Reason, Is.EqualTo(lingua.Check(sample).Reason), text);
            }
        }
    }
}

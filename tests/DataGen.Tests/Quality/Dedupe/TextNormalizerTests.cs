using System.IO.Hashing;
using System.Text;
using DataGen.Quality;
using DataGen.Quality.Dedupe;

namespace DataGen.Tests.Quality.Dedupe;

/// <summary>
/// The exact-dedupe key is the 128-bit xxHash of the normalised text's UTF-8; <see cref="TextNormalizer.Hash128"/>
/// computes it through pooled buffers, and must give the key the normalised string gives.
/// </summary>
public sealed class TextNormalizerTests
{
    [TestCase("The ferry left at 6:40, and Mara didn't wave.")]
    [TestCase("  The   ferry left at 7:15; and MARA didnt wave!  ")]
    [TestCase("Café crème, naïve façade: Zoë paid €12.50.")]
    [TestCase("Ελένη έγραψε το γράμμα στις 3 Μαΐου.")]
    [TestCase("長い夜の後、彼女は2通目の手紙を書いた。")]
    [TestCase("")]
    [TestCase("!!! ... ???")]
    public void Hash128_AnyText_IsTheHashOfTheNormalisedString(string text)
    {
        var expected = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text)));

        Assert.That(TextNormalizer.Hash128(text), Is.EqualTo(expected));
        Assert.That(ExactDedupeStage.KeyOf(text), Is.EqualTo(expected));
    }

    // DataGen runs with invariant globalization, where string.Normalize leaves non-ASCII text as it is: these would
    // keep their accents without the decomposition table.
    [TestCase("Café crème, naïve FAÇADE: Zoë paid €12.50.", "cafe creme naive facade zoe paid 0000")]
    [TestCase("Cafe\u0301 cre\u0300me", "cafe creme")]
    [TestCase("Señor Núñez, Ångström, Łódź", "senor nunez angstrom łodz")]
    [TestCase("Ελένη έγραψε το γράμμα στις 3 Μαΐου.", "ελενη εγραψε το γραμμα στις 0 μαιου")]
    [TestCase("Йошкар-Ола, ёлка", "иошкарола елка")]
    [TestCase("長い夜の後", "長い夜の後")]
    public void Normalize_AccentedText_LosesItsDiacritics(string text, string expected)
    {
        Assert.That(TextNormalizer.Normalize(text), Is.EqualTo(expected));
    }

    [Test]
    public void Hash128_TextsThatDifferOnlyInCaseSpacingDigitsAndAccents_ShareAKey()
    {
        Assert.That(TextNormalizer.Hash128("Zoë met   the Ferryman at 6:40."), Is.EqualTo(TextNormalizer.Hash128("zoe met the ferryman at 9:15")));
        Assert.That(TextNormalizer.Hash128("Zoë met the ferryman."), Is.Not.EqualTo(TextNormalizer.Hash128("Zoë met the boatman.")));
    }

    [Test]
    public void Hash128_LongTextAfterShortOnes_DoesNotSeeAnEarlierTextsTail()
    {
        // Pooled buffers are reused: a short text hashed after a long one must not pick up the long one's tail.
        var longText = string.Join(' ', Enumerable.Repeat("the lighthouse keeper counted the ships", 400));
        _ = TextNormalizer.Hash128(longText);

        Assert.That(TextNormalizer.Hash128("the lighthouse"), Is.EqualTo(XxHash128.HashToUInt128(Encoding.UTF8.GetBytes("the lighthouse"))));
    }
}

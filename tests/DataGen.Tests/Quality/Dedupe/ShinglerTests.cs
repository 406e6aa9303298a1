using DataGen.Quality.Dedupe;

namespace DataGen.Tests.Quality.Dedupe;

public sealed class ShinglerTests
{
    private const string Text = "The keeper walked the long road home at dusk, counting the 12 lanterns that still burned along the river wall.";

    [Test]
    public void Fingerprints_CasePunctuationDigitsAndSpacingDiffer_AreTheSame()
    {
        const string variant = "the KEEPER walked   the long road home at dusk counting the 47 lanterns that still burned along the river-wall!";

        // "river-wall" loses its hyphen without a break ("riverwall"), so the last shingle differs: the normaliser's rule.
        var a = Shingler.Fingerprints(Text.Replace("river wall", "riverwall", StringComparison.Ordinal), 5);
        var b = Shingler.Fingerprints(variant, 5);

        Assert.That(b, Is.EquivalentTo(a));
    }

    [Test]
    public void Fingerprints_IntoOneReusedBufferThatMustGrow_KeepsEarlierValuesAndMatchesTheArrayOverload()
    {
        const string second = "A second text about the lanterns, long enough that its shingles outgrow the buffer again.";
        var buffer = new uint[10];

        var first = Shingler.Fingerprints(Text, 5, ref buffer, 0);
        var firstValues = buffer[..first];
        var next = Shingler.Fingerprints(second, 5, ref buffer, first);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(buffer[..first], Is.EqualTo(Shingler.Fingerprints(Text, 5)));
            Assert.That(firstValues, Is.EqualTo(Shingler.Fingerprints(Text, 5)));
            Assert.That(buffer[first..(first + next)], Is.EqualTo(Shingler.Fingerprints(second, 5)));
        }
    }

    [Test]
    public void Fingerprints_NonAsciiText_EqualsThoseOfItsNormalisedForm()
    {
        // Non-ASCII text takes the TextNormalizer route; its output read again by the ASCII route must agree.
        const string text = "Café au lait, NAÏVE résumé for the señor — ÆON 42 today";
        var normalized = DataGen.Quality.TextNormalizer.Normalize(text);

        Assert.That(Shingler.Fingerprints(text, 3), Is.EquivalentTo(Shingler.Fingerprints(normalized, 3)));
        Assert.That(Shingler.Fingerprints(text, 3), Has.Length.EqualTo(normalized.Split(' ').Length - 2));
    }

    [Test]
    public void Fingerprints_OneWordSubstitutedMidText_ChangesExactlyTheFiveShinglesThatCoverIt()
    {
        var words = Text.Split(' ');
        words[10] = "weighing";
        var original = Shingler.Fingerprints(Text, 5);
        var edited = Shingler.Fingerprints(string.Join(' ', words), 5);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(original, Has.Length.EqualTo(words.Length - 4));
            Assert.That(original.Except(edited).Count(), Is.EqualTo(5));
            Assert.That(edited.Except(original).Count(), Is.EqualTo(5));
        }
    }

    [Test]
    public void Fingerprints_RepeatedShingles_AreReturnedOnce()
    {
        var fingerprints = Shingler.Fingerprints("a b c a b c a b c", 3);

        // Shingles: "a b c", "b c a", "c a b" and then repeats.
        Assert.That(fingerprints, Has.Length.EqualTo(3).And.Unique);
    }

    [TestCase("", 0)]
    [TestCase("  ...  !! ", 0)]
    [TestCase("two words", 1)]
    [TestCase("one two three four five", 1)]
    [TestCase("one two three four five six", 2)]
    public void Fingerprints_ShortTexts_GiveOneShingleOrNone(string text, int expected)
    {
        Assert.That(Shingler.Fingerprints(text, 5), Has.Length.EqualTo(expected));
    }

    [Test]
    public void Fingerprints_WordOrderSwapped_Differ()
    {
        Assert.That(Shingler.Fingerprints("red blue green", 3), Is.Not.EquivalentTo(Shingler.Fingerprints("blue red green", 3)));
    }

    [Test]
    public void Shingles_AgreeWithFingerprintsOnCountAndAreSortedDistinct()
    {
        var shingles = Shingler.Shingles(Text + " " + Text, 5);

        Assert.That(shingles, Is.Ordered.And.Unique);
        Assert.That(shingles, Has.Length.EqualTo(Shingler.Fingerprints(Text + " " + Text, 5).Length));
    }
}

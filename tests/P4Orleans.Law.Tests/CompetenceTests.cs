namespace P4Orleans.Law.Tests;

public sealed class CompetenceTests
{
    private readonly LawEngine engine = new();

    [Theory]
    [InlineData("1000", "brussels")]
    [InlineData("1299", "brussels")]
    [InlineData("1300", "brabant-wallon")]
    [InlineData("1499", "brabant-wallon")]
    [InlineData("1500", "brussels")] // Halle-Vilvoorde belongs to Brussels
    [InlineData("1999", "brussels")]
    [InlineData("2000", "antwerpen")]
    [InlineData("2999", "antwerpen")]
    [InlineData("3000", "leuven")]
    [InlineData("3499", "leuven")]
    [InlineData("3500", "limburg")]
    [InlineData("3999", "limburg")]
    [InlineData("4000", "liege")]
    [InlineData("4699", "liege")]
    [InlineData("4700", "eupen")]
    [InlineData("4701", "eupen")]
    [InlineData("4710", "eupen")]
    [InlineData("4711", "eupen")]
    [InlineData("4720", "eupen")]
    [InlineData("4721", "eupen")]
    [InlineData("4728", "eupen")]
    [InlineData("4730", "eupen")]
    [InlineData("4731", "eupen")]
    [InlineData("4750", "eupen")]
    [InlineData("4760", "eupen")]
    [InlineData("4761", "eupen")]
    [InlineData("4770", "eupen")]
    [InlineData("4771", "eupen")]
    [InlineData("4780", "eupen")]
    [InlineData("4784", "eupen")]
    [InlineData("4790", "eupen")]
    [InlineData("4791", "eupen")]
    [InlineData("4800", "liege")]
    [InlineData("4999", "liege")]
    [InlineData("5000", "namur")]
    [InlineData("5999", "namur")]
    [InlineData("6000", "hainaut")]
    [InlineData("6599", "hainaut")]
    [InlineData("6600", "luxembourg")]
    [InlineData("6999", "luxembourg")]
    [InlineData("7000", "hainaut")]
    [InlineData("7999", "hainaut")]
    [InlineData("8000", "west-vlaanderen")]
    [InlineData("8999", "west-vlaanderen")]
    [InlineData("9000", "oost-vlaanderen")]
    [InlineData("9999", "oost-vlaanderen")]
    public void a_belgian_postal_code_maps_to_its_judicial_arrondissement(string postal, string arrondissement)
    {
        var result = engine.Competence(new CompetenceRequest(PersonKind.Natural, "BE", postal));
        Assert.False(result.NeedsManualDecision, result.French);
        Assert.Equal(arrondissement, result.Arrondissement?.Id);
    }

    [Theory]
    [InlineData("BE", "1804", ManualDecisionReasons.NonGeographicPostalCode)]
    [InlineData("BE", "1818", ManualDecisionReasons.NonGeographicPostalCode)]
    [InlineData("BE", "1931", ManualDecisionReasons.NonGeographicPostalCode)]
    [InlineData("BE", "1934", ManualDecisionReasons.NonGeographicPostalCode)]
    [InlineData("BE", "1935", ManualDecisionReasons.NonGeographicPostalCode)]
    [InlineData("BE", "4702", ManualDecisionReasons.UnknownPostalCode)] // inside 4700-4799 but no municipality
    [InlineData("BE", "4785", ManualDecisionReasons.UnknownPostalCode)]
    [InlineData("BE", "0999", ManualDecisionReasons.UnknownPostalCode)]
    [InlineData("BE", "12345", ManualDecisionReasons.MalformedPostalCode)]
    [InlineData("BE", "ABCD", ManualDecisionReasons.MalformedPostalCode)]
    [InlineData("BE", null, ManualDecisionReasons.MalformedPostalCode)]
    [InlineData("FR", "75001", ManualDecisionReasons.ForeignAddress)]
    [InlineData("NL", "4700", ManualDecisionReasons.ForeignAddress)]
    public void unknown_non_geographic_and_foreign_addresses_need_a_manual_decision(string country, string? postal, string reason)
    {
        var result = engine.Competence(new CompetenceRequest(PersonKind.Natural, country, postal));
        Assert.True(result.NeedsManualDecision);
        Assert.Null(result.Arrondissement);
        Assert.Equal(reason, result.Reason);
        Assert.Contains("manuel", result.French, StringComparison.Ordinal);
        Assert.Contains("manuele", result.Dutch, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PersonKind.Natural, "domicile", "domicile")]
    [InlineData(PersonKind.Legal, "registered-seat", "siège social")]
    public void competence_rests_on_the_domicile_or_the_registered_seat(PersonKind person, string basis, string french)
    {
        var result = engine.Competence(new CompetenceRequest(person, "BE", "4700"));
        Assert.Equal(basis, result.Basis);
        Assert.Contains(french, result.French, StringComparison.Ordinal);
    }

    [Fact]
    public void there_are_twelve_arrondissements_with_french_and_dutch_names()
    {
        Assert.Equal(12, Arrondissements.All.Count);
        Assert.Equal("Luik", Arrondissements.Find("liege")?.NameNl);
        Assert.Equal("Bruxelles", Arrondissements.Find("brussels")?.NameFr);
        Assert.Equal(12, Arrondissements.All.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void every_arrondissement_appears_in_the_embedded_table()
    {
        var used = PostalTable.Embedded.Ranges.Select(r => r.ArrondissementId).ToHashSet();
        Assert.All(Arrondissements.All, a => Assert.Contains(a.Id, used));
    }

    [Fact]
    public void a_postal_table_file_given_in_the_options_replaces_the_embedded_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"postal-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "from,to,arrondissement,note\n1000,1999,leuven,merger test\n");
        try
        {
            var custom = new LawEngine(new LawOptions { PostalTablePath = path });
            Assert.Equal("leuven", custom.Competence(new CompetenceRequest(PersonKind.Natural, "BE", "1000")).Arrondissement?.Id);
            Assert.True(custom.Competence(new CompetenceRequest(PersonKind.Natural, "BE", "2000")).NeedsManualDecision);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("1000,1999,brussels,\n1500,2500,antwerpen,\n")] // partial overlap
    [InlineData("1000,1999,brussels,\n1000,1999,leuven,\n")]    // same range twice
    [InlineData("1000,1999,atlantis,\n")]                       // unknown arrondissement
    [InlineData("2000,1000,brussels,\n")]                       // from after to
    public void a_malformed_postal_table_is_refused(string csv)
    {
        Assert.Throws<FormatException>(() => PostalTable.Parse(new StringReader(csv), "test"));
    }
}

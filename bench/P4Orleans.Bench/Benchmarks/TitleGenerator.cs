using System.Globalization;
using System.Text.Json;
using P4Orleans.Contracts;
using P4Orleans.Law;
using P4Orleans.Recovery.Intake;

namespace P4Orleans.Bench.Benchmarks;

/// <summary>
/// Valid ONSS titles, generated deterministically from a seed: natural persons (NISS with correct check
/// digits, born before and from 2000) and legal persons (KBO with correct check digits), Belgian addresses
/// over every geographic postal code of the law's table, dossier <c>i</c> in arrondissement <c>i mod 12</c>
/// (so that dispatch load spreads evenly), one to four amounts by component, a formal notice 45 to 120 days
/// before the issue date, every date in the past relative to <paramref name="today"/>.
/// </summary>
public sealed class TitleGenerator(string tag, DateOnly today, int seed = 4)
{
    private static readonly string[] Surnames =
    [
        "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "De Smet", "Dubois", "Lambert",
        "Dupont", "Martin", "Simon", "Laurent", "Leclercq", "Renard", "Lejeune", "Vandenberghe", "Hermans", "Van Damme", "Michiels", "Lemaire",
    ];

    private static readonly string[] FirstNames =
        ["Jean", "Marie", "Luc", "Anne", "Pieter", "Sofie", "Marc", "Nathalie", "Thomas", "Emma", "Koen", "Julie", "Youssef", "Fatima", "Bart", "Elise"];

    private static readonly string[] Streets =
    [
        "Rue de la Station", "Kerkstraat", "Rue de l'Église", "Stationsstraat", "Dorpsstraat", "Chaussée de Bruxelles", "Nieuwstraat",
        "Avenue des Tilleuls", "Molenstraat", "Rue du Moulin", "Schoolstraat", "Place communale", "Kapelstraat", "Rue Haute",
    ];

    private static readonly string[] CompanyForms = ["SRL", "SA", "BV", "NV", "SC", "CV"];

    private static readonly DebtComponent[] OptionalComponents =
    [
        DebtComponent.ContributionSurcharges, DebtComponent.LateInterest, DebtComponent.FlatRateIndemnities, DebtComponent.IndemnitySurcharges,
        DebtComponent.Art30bis, DebtComponent.Art30ter,
    ];

    private static readonly NoticeChannel[] Channels = [NoticeChannel.RegisteredLetter, NoticeChannel.RegisteredLetterWithAcknowledgement, NoticeChannel.EBox];

    private static readonly Lazy<IReadOnlyList<(string Arrondissement, string[] Codes)>> PostalCodes = new(ReadPostalCodes);

    private readonly Random _random = new(seed);

    /// <summary>The geographic postal codes of each of the 12 arrondissements, as the law engine resolves them.</summary>
    public static IReadOnlyList<(string Arrondissement, string[] Codes)> Arrondissements => PostalCodes.Value;

    /// <summary>ONSS's reference of title <paramref name="i"/>.</summary>
    public string Reference(int i) => $"ONSS-{tag}-{i:D7}";

    /// <summary>Title <paramref name="i"/> (call in order 0, 1, 2... for a reproducible set).</summary>
    public TitleSubmission Next(int i)
    {
        var r = _random;
        var (arrondissement, codes) = Arrondissements[i % Arrondissements.Count];
        var postalCode = codes[r.Next(codes.Length)];
        var address = new PostalAddress(Streets[r.Next(Streets.Length)], r.Next(1, 250).ToString(CultureInfo.InvariantCulture),
            r.Next(6) == 0 ? "b" + r.Next(1, 12).ToString(CultureInfo.InvariantCulture) : null, postalCode, Municipality(arrondissement, postalCode), "BE");
        var surname = Surnames[r.Next(Surnames.Length)];
        var debtor = i % 5 < 3
            ? new DebtorSubmission(PersonKind.Natural, Niss(r), surname, FirstNames[r.Next(FirstNames.Length)], address, r.Next(2) == 0 ? Iban(r) : null)
            : new DebtorSubmission(PersonKind.Legal, Kbo(r, formatted: r.Next(3) == 0), $"{surname} & Co {CompanyForms[r.Next(CompanyForms.Length)]}", null,
                address, r.Next(3) == 0 ? Iban(r) : null);
        IReadOnlyList<ThirdPartySubmission>? thirdParties = r.Next(5) == 0
            ? [new ThirdPartySubmission("garnishee", "Banque " + Surnames[r.Next(Surnames.Length)], Kbo(r, formatted: false))]
            : null;

        var issue = today.AddDays(-r.Next(10, 400));
        var notice = issue.AddDays(-r.Next(45, 121));
        var kind = (i % 10) switch
        {
            8 => TitleKind.EnforceableRoll,
            9 => TitleKind.Judgment,
            _ => TitleKind.Contrainte,
        };
        var amounts = new List<ClaimAmount> { new(DebtComponent.Contributions, r.Next(10_000, 5_000_000)) };
        foreach (var component in OptionalComponents)
        {
            if (amounts.Count < 4 && r.Next(4) == 0)
            {
                amounts.Add(new ClaimAmount(component, r.Next(1_000, 500_000)));
            }
        }

        // The contributions fell due 4 to 18 months before the title: by quarter mostly, sometimes a due date.
        var owed = issue.AddDays(-r.Next(120, 540));
        var byQuarter = r.Next(4) != 0;
        return new TitleSubmission(
            Reference(i),
            kind,
            issue,
            r.Next(2) == 0 ? "administrateur général adjoint" : "gedelegeerd personeelslid",
            notice,
            Channels[r.Next(Channels.Length)],
            debtor,
            thirdParties,
            amounts,
            ContributionDueDate: byQuarter ? null : owed,
            ContributionQuarter: byQuarter ? new ContributionQuarter(owed.Year, ((owed.Month - 1) / 3) + 1) : null,
            Fraud: r.Next(50) == 0);
    }

    /// <summary>The titles as an NDJSON file in memory (UTF-8), in the host's JSON names.</summary>
    public static byte[] ToNdjson(IEnumerable<TitleSubmission> titles)
    {
        using var buffer = new MemoryStream();
        foreach (var title in titles)
        {
            JsonSerializer.Serialize(buffer, title, IntakeService.Json);
            buffer.WriteByte((byte)'\n');
        }
        return buffer.ToArray();
    }

    // YYMMDD SSS CC; the check digits are 97 - (number mod 97), with 2 prefixed to the number from 2000.
    private static string Niss(Random r)
    {
        var from2000 = r.Next(10) == 0;
        var year = from2000 ? r.Next(2000, 2006) : r.Next(1940, 2000);
        var month = r.Next(1, 13);
        var day = r.Next(1, DateTime.DaysInMonth(year, month) + 1);
        var first9 = long.Parse($"{year % 100:D2}{month:D2}{day:D2}{r.Next(1, 999):D3}", CultureInfo.InvariantCulture);
        var check = 97 - (int)(((from2000 ? 2_000_000_000L : 0) + first9) % 97);
        var digits = $"{first9:D9}{check:D2}";
        return r.Next(3) == 0 ? NationalRegisterNumber.Format(digits) : digits;
    }

    // 10 digits, first 0 or 1, the last two 97 - (first eight mod 97).
    private static string Kbo(Random r, bool formatted)
    {
        var first8 = r.Next(2_000_000, 20_000_000);
        var digits = $"{first8:D8}{97 - (first8 % 97):D2}";
        return formatted ? EnterpriseNumber.Format(digits) : digits;
    }

    // BE + ISO check digits + 10-digit account + national check (first ten mod 97, 0 as 97).
    private static string Iban(Random r)
    {
        var account = (long)(r.NextDouble() * 9_999_999_999L);
        var national = (int)(account % 97);
        var bban = $"{account:D10}{(national == 0 ? 97 : national):D2}";
        var check = 98 - Mod97(bban + "111400");
        return $"BE{check:D2}{bban}";
    }

    private static int Mod97(string digits)
    {
        var rest = 0;
        foreach (var c in digits)
        {
            rest = ((rest * 10) + (c - '0')) % 97;
        }
        return rest;
    }

    private static string Municipality(string arrondissement, string postalCode) => arrondissement switch
    {
        "antwerpen" => "Antwerpen",
        "limburg" => "Hasselt",
        "oost-vlaanderen" => "Gent",
        "west-vlaanderen" => "Brugge",
        "leuven" => "Leuven",
        "brussels" => "Bruxelles",
        "brabant-wallon" => "Wavre",
        "hainaut" => "Mons",
        "liege" => "Liège",
        "namur" => "Namur",
        "luxembourg" => "Arlon",
        "eupen" => "Eupen",
        _ => "Commune " + postalCode,
    } + (postalCode.EndsWith('0') ? "" : " " + postalCode[^2..]);

    private static IReadOnlyList<(string, string[])> ReadPostalCodes()
    {
        var law = new LawEngine();
        var byArrondissement = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var code = 1000; code <= 9999; code++)
        {
            var text = code.ToString(CultureInfo.InvariantCulture);
            var competence = law.Competence(new CompetenceRequest(PersonKind.Natural, "BE", text));
            if (competence.Arrondissement is { } a && !competence.NeedsManualDecision)
            {
                if (!byArrondissement.TryGetValue(a.Id, out var list))
                {
                    byArrondissement[a.Id] = list = [];
                }
                list.Add(text);
            }
        }
        return P4Orleans.Law.Arrondissements.All
            .Select(a => (a.Id, byArrondissement.TryGetValue(a.Id, out var list) ? list.ToArray() : throw new InvalidOperationException($"No postal code for {a.Id}.")))
            .ToList();
    }

    /// <summary>A short tag unique to this run, so references never collide with another run's in the same database.</summary>
    public static string NewTag() =>
        DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture) + Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))[..4];
}

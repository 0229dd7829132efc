using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Grains.Tests.Fakes;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests;

/// <summary>A valid title and the grains under test.</summary>
public static class TestData
{
    public const string Niss = "85073003328";
    public const string Kbo = "0123456749";
    public const string Iban = "BE68539007547034";
    public const string Surname = "Vandermeulen";
    public const string Street = "Rue des Guillemins";
    public const string PersonMet = "Sophie Lambert";
    public const string AssetText = "Volkswagen Golf 1-ABC-123";

    public static LawEngine Law { get; } = new();

    /// <summary>Monday 10 March 2025, 09:00 UTC.</summary>
    public static DateTimeOffset Start { get; } = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static TitleSubmission Contrainte(string reference = "ONSS-2025-000123") => new(
        reference,
        TitleKind.Contrainte,
        IssueDate: new DateOnly(2025, 2, 20),
        SignatoryQuality: "administrateur général adjoint",
        FormalNoticeDate: new DateOnly(2025, 1, 10),
        FormalNoticeChannel: NoticeChannel.RegisteredLetter,
        Debtor: new DebtorSubmission(PersonKind.Natural, Niss, Surname, "Jean", new PostalAddress(Street, "12", null, "4000", "Liège", "BE"), Iban),
        ThirdParties: [new ThirdPartySubmission("garnishee", "Banque Exemple", Kbo)],
        Amounts: [new ClaimAmount(DebtComponent.Contributions, 300_000), new ClaimAmount(DebtComponent.LateInterest, 50_000)],
        ContributionQuarter: new ContributionQuarter(2024, 3));

    public static DossierHarness NewDossier(string id = "d-1", DossierOptions? options = null) => new(id, options ?? new DossierOptions());

    public static GrainHarness<BailiffModel, BailiffState> NewBailiff(string id = "office-1") =>
        new(new BailiffModel(), id, new ManualTime(Start));
}

/// <summary>A dossier grain with its fakes and shortcuts to the usual steps.</summary>
public sealed class DossierHarness
{
    public DossierHarness(string id, DossierOptions options)
    {
        Vault = new FakeVault();
        Options = options;
        Texts = new FakeKeyDateTexts();
        Grain = new GrainHarness<DossierModel, DossierState>(new DossierModel(TestData.Law, Vault, options, Texts),
            id, new ManualTime(TestData.Start), Texts);
    }

    public FakeVault Vault { get; }
    public DossierOptions Options { get; }

    /// <summary>The stored reasons of the key dates (out of the state, as the host keeps them).</summary>
    public FakeKeyDateTexts Texts { get; }
    public GrainHarness<DossierModel, DossierState> Grain { get; }
    public DossierState State => Grain.State;
    public string Id => Grain.Key;

    public Task Do(Func<DossierModel, Task> call) => Grain.Turn(g => call(g));

    public Task<T> Ask<T>(Func<DossierModel, Task<T>> call) => Grain.Turn(g => call(g));

    public Task<DossierView> View() => Ask(g => g.GetAsync());

    public async Task Submitted(TitleSubmission? submission = null) => await Ask(g => g.SubmitAsync(submission ?? TestData.Contrainte()));

    public async Task Accepted(string office = "office-1")
    {
        await Submitted();
        await Do(g => g.AssignAsync(office, "test"));
        await Do(g => g.AcceptAsync(office));
    }

    /// <summary>Served on Thursday 20 March 2025.</summary>
    public async Task Served(string office = "office-1")
    {
        await Accepted(office);
        Grain.Time.SetTo(new DateTimeOffset(2025, 3, 20, 15, 0, 0, TimeSpan.Zero));
        await Do(g => g.ReportServiceAsync(office, new ServiceReport(new DateOnly(2025, 3, 20), ServiceMode.InPerson, TestData.PersonMet, "A-1")));
    }

    public async Task Executable(string office = "office-1")
    {
        await Served(office);
        await Grain.FireAsync(DossierReminders.Executable);
    }

    public Task<string> Seize(SeizureNature nature, string office = "office-1") =>
        Ask(g => g.ReportSeizureAsync(office, new SeizureReport(SeizureKind.MovableGoods, nature, Today,
            [new SeizableAsset(TestData.AssetText, 500_000)], "S-act")));

    public DateOnly Today => DateOnly.FromDateTime(Grain.Time.GetUtcNow().UtcDateTime);
}

using P4Orleans.Contracts;
using P4Orleans.Domain;
using P4Orleans.Grains.Tests.Fakes;
using P4Orleans.Law;

namespace P4Orleans.Grains.Tests.Communications;

/// <summary>A channel the test scripts: each attempt takes the next answer (sent when none is left) and is remembered.</summary>
public sealed class ScriptedDelivery : ICommunicationDelivery
{
    private readonly Queue<DeliveryResult> answers = new();

    public List<OutgoingMessage> Attempts { get; } = [];

    public void Answer(params DeliveryResult[] results)
    {
        foreach (var r in results)
        {
            answers.Enqueue(r);
        }
    }

    public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        Attempts.Add(message);
        return Task.FromResult(answers.Count > 0 ? answers.Dequeue() : DeliveryResult.Sent);
    }
}

/// <summary>A dossier model with a scripted channel, run turn by turn as the host runs it.</summary>
public sealed class CommunicationHarness
{
    public CommunicationHarness(CommunicationOptions? options = null, LawEngine? law = null)
    {
        Options = options ?? new CommunicationOptions();
        var model = new DossierModel(law ?? TestData.Law, Vault, new DossierOptions(), Texts) { Communications = new CommunicationServices(Delivery, Options) };
        Grain = new GrainHarness<DossierModel, DossierState>(model, "d-1", new ManualTime(TestData.Start), Texts);
    }

    public FakeVault Vault { get; } = new();

    /// <summary>The stored reasons of the key dates (out of the state, as the host keeps them).</summary>
    public FakeKeyDateTexts Texts { get; } = new();
    public ScriptedDelivery Delivery { get; } = new();
    public CommunicationOptions Options { get; }
    public GrainHarness<DossierModel, DossierState> Grain { get; }
    public DossierState State => Grain.State;

    public static PostalAddress Seat { get; } = new("Boulevard d'Avroy", "3", null, "4000", "Liège", "BE");

    public static TitleSubmission Enterprise() => TestData.Contrainte() with
    {
        Debtor = new DebtorSubmission(PersonKind.Legal, TestData.Kbo, "Exemple Construct SA", null, Seat),
    };

    public static TitleSubmission SoleTrader() => TestData.Contrainte() with
    {
        Debtor = new DebtorSubmission(PersonKind.Natural, TestData.Kbo, TestData.Surname, "Jean", Seat),
    };

    public Task Submitted(TitleSubmission? title = null) => Grain.Turn(g => g.SubmitAsync(title ?? TestData.Contrainte()));

    /// <summary>Queues a communication, then fires its first attempt as the grain's wake does.</summary>
    public async Task<CommunicationView> Sent(CommunicationKind kind = CommunicationKind.FormalNotice, string body = "Veuillez payer.")
    {
        var id = await Grain.Turn(g => g.CreateCommunicationAsync(new CommunicationRequest(kind, "Objet", body)));
        await Grain.FireAsync(DossierModel.CommunicationWakePrefix + id);
        return await View(id);
    }

    public Task<CommunicationView> View(string id) => Grain.Turn(g => g.GetCommunicationAsync(id));

    public Task<CommunicationView> Ack(string id, AcknowledgementKind kind, DateTimeOffset at) =>
        Grain.Turn(g => g.AcknowledgeCommunicationAsync(id, new CommunicationAcknowledgement(kind, at)));

    /// <summary>09:00 Brussels time (08:00 UTC in March) on <paramref name="date"/>.</summary>
    public static DateTimeOffset Morning(string date) =>
        new(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
}

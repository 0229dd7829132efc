using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using P4Orleans.Contracts;

namespace P4Orleans.Orleans.Tests.Platform;

/// <summary>
/// Every type that crosses a grain boundary goes through Orleans' own serializer and copier, as configured on a
/// platform silo: the types are found by reflection over the grain interfaces (and the domain exceptions), so a
/// type added without <c>[GenerateSerializer]</c>, or a member without <c>[Id]</c>, fails here, not for a user.
/// </summary>
public sealed class SerializationTests(OnePlatformSilo cluster) : IClassFixture<OnePlatformSilo>
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    private static readonly Type[] Interfaces = [typeof(IDossierGrain), typeof(IBailiffGrain), typeof(IDispatcherGrain)];

    private static IEnumerable<Type> DomainExceptions() =>
        typeof(DomainException).Assembly.GetTypes().Where(t => typeof(DomainException).IsAssignableFrom(t) && !t.IsAbstract);

    private static IReadOnlySet<Type> Crossing() => Samples.CrossingTypes(Interfaces, DomainExceptions());

    [Fact]
    public void the_walk_finds_the_commands_views_results_and_exceptions_of_the_three_grains()
    {
        var types = Crossing();
        // A sample of what must be there, from each interface and from deep inside a view.
        foreach (var expected in new[]
        {
            typeof(TitleSubmission), typeof(PostalAddress), typeof(SubmissionOutcome), typeof(DossierView), typeof(TimelineDeadlineView),
            typeof(BailiffRegistration), typeof(BailiffPerformance), typeof(DispatchResult), typeof(ReassignmentRequested),
            typeof(IllegalTransitionException), typeof(ValidationError), typeof(DossierStatus),
            typeof(AmicableDisputeReport), typeof(AmicableDisputeDecision), typeof(JudicialDisputeReport), typeof(HearingReport),
            typeof(JudicialDisputeDecision), typeof(DisputesView), typeof(AmicableDisputeView), typeof(JudicialDisputeView),
            typeof(DisputeNotFoundException), typeof(DisputeConflictException),
            typeof(CommunicationRequest), typeof(CommunicationAcknowledgement), typeof(CommunicationView), typeof(CommunicationKind),
            typeof(CommunicationStatus), typeof(NoticeChannel), typeof(CommunicationNotFoundException), typeof(CommunicationStateException),
        })
        {
            Assert.Contains(expected, types);
        }
        Assert.True(types.Count >= 50, $"only {types.Count} types found");
    }

    [Fact]
    public void every_value_type_and_record_crossing_a_grain_boundary_round_trips_through_the_silos_serializer_and_copier()
    {
        var services = cluster.FirstSilo;
        var serializer = services.GetRequiredService<Serializer>();
        var copier = services.GetRequiredService<DeepCopier>();
        var failures = new List<string>();
        foreach (var type in Crossing().Where(t => !typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface).OrderBy(t => t.FullName))
        {
            try
            {
                var sample = Samples.Of(type)!;
                var expected = JsonSerializer.Serialize(sample, type, Json);
                // As a grain call carries it: typed by its declared type (a record, an enum, a struct).
                var (back, copy) = ((object, object))RoundTripMethod.MakeGenericMethod(type).Invoke(null, [serializer, copier, sample])!;
                Assert.IsType(type, back);
                Assert.Equal(expected, JsonSerializer.Serialize(back, type, Json));
                Assert.Equal(expected, JsonSerializer.Serialize(copy, type, Json));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
                failures.Add($"{type.FullName}: {inner.GetType().Name} {inner.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void every_domain_exception_round_trips_with_its_message_and_its_own_members()
    {
        var services = cluster.FirstSilo;
        var serializer = services.GetRequiredService<Serializer>();
        var copier = services.GetRequiredService<DeepCopier>();
        var exceptions = DomainExceptions().OrderBy(t => t.FullName).ToList();
        Assert.True(exceptions.Count >= 5, $"only {exceptions.Count} domain exceptions found");
        var failures = new List<string>();
        foreach (var type in exceptions)
        {
            try
            {
                var sample = (Exception)Samples.Of(type)!;
                var back = serializer.Deserialize<object>(serializer.SerializeToArray<object>(sample));
                var copy = copier.Copy<object>(sample);
                foreach (var result in new[] { back, copy })
                {
                    Assert.IsType(type, result);
                    Assert.Equal(sample.Message, ((Exception)result).Message);
                    Assert.Equal(Members(sample), Members(result));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{type.FullName}: {e.GetType().Name} {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void a_record_without_generate_serializer_fails_the_same_round_trip()
    {
        // The control: the round trip above can fail, for exactly the defect it looks for.
        var serializer = cluster.FirstSilo.GetRequiredService<Serializer>();
        var sample = new NotMarked("x", 3);
        Assert.ThrowsAny<Exception>(() => serializer.Deserialize<object>(serializer.SerializeToArray<object>(sample)));
    }

    private static readonly MethodInfo RoundTripMethod = typeof(SerializationTests).GetMethod(nameof(RoundTrip), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static (object, object) RoundTrip<T>(Serializer serializer, DeepCopier copier, T value) =>
        (serializer.Deserialize<T>(serializer.SerializeToArray(value))!, copier.Copy(value)!);

    private static string Members(object exception) =>
        string.Join("|", exception.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType != typeof(Exception) && p.DeclaringType != typeof(DomainException))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + JsonSerializer.Serialize(p.GetValue(exception), p.PropertyType, Json)));

    /// <summary>A record as a contract would look if someone forgot the attribute.</summary>
    public sealed record NotMarked(string Name, int Count);
}

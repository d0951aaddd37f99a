using System.Reflection;
using FluentMigrator;
using MicroCredLti.CreditMapper;
using MicroCredLti.Host.Hosting;
using MicroCredLti.LtiTool;
using MicroCredLti.ServiceDefaults;
using MicroCredLti.XapiCollector;
using Microsoft.EntityFrameworkCore;
using NetArchTest.Rules;

namespace MicroCredLti.Tests.Architecture;

/// <summary>
/// The modules talk through small interfaces (the statement feed, the statement recorder, the learner directory),
/// never through each other's storage, and the dependency arrows point one way: LtiTool and CreditMapper use the
/// collector; neither uses the other; the host composes all three. Machine API access (the OAuth token server) is shared,
/// in ServiceDefaults, which depends on no module.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly Assembly Collector = typeof(XapiCollectorExtensions).Assembly;
    private static readonly Assembly Credit = typeof(CreditMapperExtensions).Assembly;
    private static readonly Assembly Lti = typeof(LtiToolExtensions).Assembly;
    private static readonly Assembly Defaults = typeof(ServiceDefaultsExtensions).Assembly;
    private static readonly Assembly Host = typeof(MicroCredHost).Assembly;

    public static TheoryData<string, string> ForbiddenDependencies => new()
    {
        { "XapiCollector", "MicroCredLti.CreditMapper" },
        { "XapiCollector", "MicroCredLti.LtiTool" },
        { "XapiCollector", "MicroCredLti.Host" },
        { "CreditMapper", "MicroCredLti.LtiTool" },
        { "CreditMapper", "MicroCredLti.Host" },
        { "LtiTool", "MicroCredLti.CreditMapper" },
        { "LtiTool", "MicroCredLti.Host" },
        { "ServiceDefaults", "MicroCredLti.XapiCollector" },
        { "ServiceDefaults", "MicroCredLti.CreditMapper" },
        { "ServiceDefaults", "MicroCredLti.LtiTool" },
        { "ServiceDefaults", "MicroCredLti.Host" },
        // No module reaches into another's storage, and the host composes modules without naming their tables.
        { "CreditMapper", "MicroCredLti.XapiCollector.Storage" },
        { "LtiTool", "MicroCredLti.XapiCollector.Storage" },
        { "Host", "MicroCredLti.XapiCollector.Storage" },
        { "Host", "MicroCredLti.CreditMapper.Storage" },
        { "Host", "MicroCredLti.LtiTool.Storage" },
        { "Host", "MicroCredLti.ServiceDefaults.Keys.KeyRingDbContext" },
        { "Host", "MicroCredLti.ServiceDefaults.ApiAccess.ApiAccessDbContext" },
        { "XapiCollector", "MicroCredLti.ServiceDefaults.ApiAccess.ApiAccessDbContext" },
        { "CreditMapper", "MicroCredLti.ServiceDefaults.ApiAccess.ApiAccessDbContext" },
        // One token server, in the shared API access piece: modules ask for scopes, they do not run OAuth themselves.
        { "XapiCollector", "OpenIddict" },
        { "CreditMapper", "OpenIddict" },
        { "LtiTool", "OpenIddict" },
        { "Host", "OpenIddict" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenDependencies))]
    public void A_module_does_not_depend_on_what_it_must_not_know(string module, string forbidden)
    {
        var result = Types.InAssembly(AssemblyOf(module)).Should().NotHaveDependencyOn(forbidden).GetResult();

        result.IsSuccessful.Should().BeTrue($"{module} must not use {forbidden}, but {string.Join(", ", result.FailingTypeNames ?? [])} do");
    }

    [Fact]
    public void The_rules_see_the_dependencies_that_do_exist()
    {
        Types.InAssembly(Credit).Should().NotHaveDependencyOn("MicroCredLti.XapiCollector.Feed").GetResult().IsSuccessful
            .Should().BeFalse("the credit sweep reads the collector's statement feed, and a rule that cannot see that proves nothing");
        Types.InAssembly(Collector).Should().NotHaveDependencyOn("MicroCredLti.ServiceDefaults.ApiAccess").GetResult().IsSuccessful
            .Should().BeFalse("the LRS's admin API asks the shared API access piece for its scope");
        Types.InAssembly(Defaults).Should().NotHaveDependencyOn("OpenIddict").GetResult().IsSuccessful
            .Should().BeFalse("the shared API access piece runs OpenIddict's token server");
    }

    [Fact]
    public void The_collector_does_not_reference_the_credit_mapper_assembly_for_its_admin_API_tokens()
    {
        // The LRS authenticates admin automation with the token server the registrar feed also uses; that server lives in
        // ServiceDefaults so that the arrow from CreditMapper to the collector stays the only one between them.
        Collector.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(Credit.GetName().Name);
    }

    [Fact]
    public void CreditMapper_does_not_reference_the_LTI_tool_assembly()
    {
        Credit.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(Lti.GetName().Name);
        Lti.GetReferencedAssemblies().Select(a => a.Name).Should().NotContain(Credit.GetName().Name);
    }

    [Fact]
    public void Storage_types_are_internal_to_their_module()
    {
        foreach (var assembly in new[] { Collector, Credit, Lti, Defaults })
        {
            var contexts = assembly.GetTypes().Where(t => typeof(DbContext).IsAssignableFrom(t)).ToList();
            contexts.Should().NotBeEmpty();
            foreach (var context in contexts)
            {
                context.IsPublic.Should().BeFalse($"{context.Name} belongs to its module");
                foreach (var entity in MappedTypes(context).Where(e => e.Assembly == assembly))
                    entity.IsPublic.Should().BeFalse($"{entity.Name}, mapped by {context.Name}, belongs to its module");
            }
            foreach (var migration in assembly.GetTypes().Where(t => typeof(IMigration).IsAssignableFrom(t) && !t.IsAbstract))
                migration.IsPublic.Should().BeFalse($"{migration.Name} belongs to its module");
        }
    }

    private static IEnumerable<Type> MappedTypes(Type context) =>
        context.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(DbSet<>))
            .Select(p => p.PropertyType.GetGenericArguments()[0]);

    private static Assembly AssemblyOf(string module) => module switch
    {
        "XapiCollector" => Collector,
        "CreditMapper" => Credit,
        "LtiTool" => Lti,
        "ServiceDefaults" => Defaults,
        "Host" => Host,
        _ => throw new ArgumentOutOfRangeException(nameof(module)),
    };
}

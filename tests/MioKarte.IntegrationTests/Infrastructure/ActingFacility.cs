using MioKarte.Core.Common;
using MioKarte.Core.Facilities;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>Someone acting for <paramref name="FacilityId"/>, for tests that call a scoped query directly.</summary>
public sealed record ActingFacility(Guid FacilityId) : IActingFacility;

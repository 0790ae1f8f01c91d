"""Customer-service routing (客服分流): the pure decision engine, its persisted state and configuration, presence and hand-over, and the RoutingService facade."""

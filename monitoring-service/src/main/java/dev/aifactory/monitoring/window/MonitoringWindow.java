package dev.aifactory.monitoring.window;

import java.util.UUID;

/** A window and, once closed, its result ({@code null} while open). */
public record MonitoringWindow(UUID id, WindowKey key, WindowStatus status, WindowResult result) {}

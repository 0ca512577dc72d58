import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import { FaultInjector } from './fault-injector.js';
import {
  FaultRuleError,
  isEndpointSelector,
  parseEndpointRule,
  parseNotificationRule,
  SIMULATED_ENDPOINTS,
} from './fault-rules.js';

/**
 * Fault injection admin API. `PUT /simulator/v1/faults/{endpoint}` sets the rule of one SNAP
 * endpoint (`*` = all), `PUT .../notifications` the notification rule, `POST .../reset`
 * (or `DELETE /simulator/v1/faults`) removes every rule and restarts the seeded streams.
 */
@Controller('simulator/v1/faults')
export class FaultsController {
  constructor(private readonly faults: FaultInjector) {}

  @Get()
  list() {
    return {
      ...this.faults.snapshot(),
      struck: this.faults.struck(),
      endpointNames: SIMULATED_ENDPOINTS,
    };
  }

  /** Several rules at once: `{ seed?, endpoints?: { query: {...} }, notifications?: {...} }`; replaces all rules. */
  @Post()
  @HttpCode(200)
  replace(@Body() body: unknown) {
    const b = this.object(body);
    const seed = b.seed;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed)))
      throw this.invalid('seed must be an integer');
    const endpoints = b.endpoints === undefined ? {} : this.object(b.endpoints);
    const parsed = Object.entries(endpoints).map(([name, rule]) => {
      if (!isEndpointSelector(name)) throw this.invalid(`unknown endpoint "${name}"`);
      return [name, this.parse(() => parseEndpointRule(rule))] as const;
    });
    const notifications =
      b.notifications === undefined
        ? undefined
        : this.parse(() => parseNotificationRule(b.notifications));
    this.faults.reset(seed as number | undefined);
    for (const [name, rule] of parsed) this.faults.setEndpointRule(name, rule);
    if (notifications) this.faults.setNotificationRule(notifications);
    return this.faults.snapshot();
  }

  @Put('notifications')
  setNotifications(@Body() body: unknown) {
    this.faults.setNotificationRule(this.parse(() => parseNotificationRule(body)));
    return this.faults.snapshot();
  }

  @Delete('notifications')
  clearNotifications() {
    this.faults.clearNotificationRule();
    return this.faults.snapshot();
  }

  @Put(':endpoint')
  setEndpoint(@Param('endpoint') endpoint: string, @Body() body: unknown) {
    if (!isEndpointSelector(endpoint))
      throw this.invalid(
        `unknown endpoint "${endpoint}"; one of ${SIMULATED_ENDPOINTS.join(', ')}, *`,
      );
    this.faults.setEndpointRule(
      endpoint,
      this.parse(() => parseEndpointRule(body)),
    );
    return this.faults.snapshot();
  }

  @Delete(':endpoint')
  clearEndpoint(@Param('endpoint') endpoint: string) {
    if (!isEndpointSelector(endpoint)) throw this.invalid(`unknown endpoint "${endpoint}"`);
    this.faults.clearEndpointRule(endpoint);
    return this.faults.snapshot();
  }

  /** `{ seed? }`: clears every rule; the random streams restart (from the new seed when given). */
  @Post('reset')
  @HttpCode(200)
  reset(@Body() body: unknown) {
    const seed = body && typeof body === 'object' ? (body as { seed?: unknown }).seed : undefined;
    if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed)))
      throw this.invalid('seed must be an integer');
    this.faults.reset(seed as number | undefined);
    return this.faults.snapshot();
  }

  @Delete()
  clearAll() {
    this.faults.reset();
    return this.faults.snapshot();
  }

  private object(v: unknown): Record<string, unknown> {
    if (!v || typeof v !== 'object' || Array.isArray(v))
      throw this.invalid('the body must be a JSON object');
    return v as Record<string, unknown>;
  }

  private parse<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof FaultRuleError) throw this.invalid(e.message);
      throw e;
    }
  }

  private invalid(message: string): BadRequestException {
    return new BadRequestException({ code: 'FAULT.INVALID', message });
  }
}

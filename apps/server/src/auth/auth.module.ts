import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FleetModule } from '../fleet/fleet.module.js';
import { Access } from './access.js';
import { AccountsStore } from './accounts.store.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginFailuresStore } from './login-failures.store.js';
import { UsersController } from './users.controller.js';

/**
 * People, sessions, API tokens, and the one guard every HTTP route passes (APP_GUARD). Global: every feature's
 * controllers filter by the caller's scope (Access) and the live gateway authenticates its sockets (AuthService).
 */
@Global()
@Module({
  imports: [FleetModule],
  controllers: [AuthController, UsersController],
  providers: [AccountsStore, LoginFailuresStore, AuthService, Access, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, Access],
})
export class AuthModule {}
